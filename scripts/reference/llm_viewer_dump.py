"""Dump LLM-Viewer's per-layer roofline figures as JSON (reference data, not product code).

Run from anywhere with the LLM-Viewer work tree as the first argument:
    python llm_viewer_dump.py LLM_VIEWER_DIR MODEL_DIR HARDWARE SEQLEN W_BIT A_BIT KV_BIT OUT_PREFIX
It calls LLM-Viewer's own ModelAnalyzer.analyze() (unfused attention, batch 1) exactly as its
analyze_cli.py does, and writes OUT_PREFIX-prefill-<bits>.json and OUT_PREFIX-decode-<bits>.json
with every value at full precision (analyze_cli.py's CSV rounds them to 2-3 digits).
MODEL_DIR is a local folder holding the model's config.json (read by transformers.AutoConfig).
"""
import json
import os
import sys


def main():
    lv_dir, model_dir, hardware, seqlen, w_bit, a_bit, kv_bit, out_prefix = sys.argv[1:9]
    seqlen, w_bit, a_bit, kv_bit = int(seqlen), int(w_bit), int(a_bit), int(kv_bit)
    out_prefix = os.path.abspath(out_prefix)
    os.chdir(lv_dir)
    sys.path.insert(0, lv_dir)
    from model_analyzer import ModelAnalyzer
    from hardwares.hardware_params import hardware_params

    analyzer = ModelAnalyzer(model_dir, hardware, config_file="configs/Llama.py", source="huggingface")
    results = analyzer.analyze(seqlen=seqlen, batchsize=1, w_bit=w_bit, a_bit=a_bit, kv_bit=kv_bit,
                               use_flashattention=False)
    bandwidth, max_ops, onchip = analyzer.get_hardware_info()
    cfg = analyzer.model_params
    bits = f"w{w_bit}a{a_bit}kv{kv_bit}"
    for phase in ("prefill", "decode"):
        layers = []
        for name, r in results[phase].items():
            entry = {"name": name}
            entry.update(r)
            entry["count"] = 1 if name == "lm_head" else cfg.num_hidden_layers
            layers.append(entry)
        doc = {
            "tool": "LLM-Viewer (hahnyuan/LLM-Viewer) ModelAnalyzer.analyze",
            "phase": phase,
            "model": {
                "name": "meta-llama/Llama-2-7b-hf",
                "hidden_size": cfg.hidden_size,
                "num_attention_heads": cfg.num_attention_heads,
                "num_key_value_heads": cfg.num_key_value_heads,
                "num_hidden_layers": cfg.num_hidden_layers,
                "intermediate_size": cfg.intermediate_size,
                "vocab_size": cfg.vocab_size,
            },
            "hardware": dict(name=hardware, **hardware_params[hardware]),
            "peak_used": {"bandwidth": bandwidth, "max_OPS": max_ops, "onchip_buffer": onchip},
            "settings": {
                "seqlen": seqlen,
                "batchsize": 1,
                "w_bit": w_bit,
                "a_bit": a_bit,
                "kv_bit": kv_bit,
                "use_flashattention": False,
            },
            "units": {
                "OPs": "operations (a multiply-add is 2 in linear layers and matmuls)",
                "memory_access": "bytes",
                "load_weight": "bytes", "load_act": "bytes", "store_act": "bytes",
                "load_kv_cache": "bytes", "store_kv_cache": "bytes",
                "arithmetic_intensity": "OPs per byte",
                "performance": "OPs per second",
                "inference_time": "seconds",
            },
            "layers_note": "Each decoder-layer entry is ONE decoder layer; 'count' is how many times "
                           "LLM-Viewer adds it into the totals (num_hidden_layers, or 1 for lm_head).",
            "layers": layers,
            "totals": results["total_results"][phase],
        }
        path = f"{out_prefix}-{phase}-{bits}.json"
        with open(path, "w") as f:
            json.dump(doc, f, indent=2)
            f.write("\n")
        print("wrote", path)


if __name__ == "__main__":
    main()

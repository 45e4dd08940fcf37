"""Count parameters of Hugging Face model classes for the configs in test/fixtures/reference/hf.

Reference-data generator, not part of the product. For each <model>/config.json it builds the
class named in `architectures` (and its base model class) from transformers on the `meta`
device (no memory, no weights) and prints sum(p.numel()) over model.parameters(), which yields
each Parameter object once, so tied weights (lm_head tied to the input embedding) count once.
For a mixture-of-experts model it also prints the parameters one token uses (active): every
parameter outside the expert MLPs plus top_k of the num_local_experts expert MLPs per layer.

Usage: python hf_param_counts.py test/fixtures/reference/hf > counts.json
"""
import json
import os
import sys

import torch
import transformers
from transformers import AutoConfig, AutoModel


def count(model):
    return sum(p.numel() for p in model.parameters())


def expert_params(model):
    """Parameters inside modules named `experts` (each Parameter once)."""
    seen = set()
    total = 0
    for name, p in model.named_parameters():
        if ".experts." in name and id(p) not in seen:
            seen.add(id(p))
            total += p.numel()
    return total


def main(root):
    out = {"transformers": transformers.__version__, "torch": torch.__version__, "models": {}}
    for model_dir in sorted(os.listdir(root)):
        path = os.path.join(root, model_dir)
        if not os.path.isfile(os.path.join(path, "config.json")):
            continue
        config = AutoConfig.from_pretrained(path)
        arch = config.architectures[0]
        cls = getattr(transformers, arch)
        with torch.device("meta"):
            model = cls(config)
            base = AutoModel.from_config(config)
        entry = {
            "class": arch,
            "params": count(model),
            "tied_word_embeddings": bool(getattr(config, "tie_word_embeddings", False)),
            "base_class": type(base).__name__,
            "base_params": count(base),
        }
        experts = getattr(config, "num_local_experts", None)
        if experts:
            top_k = config.num_experts_per_tok
            in_experts = expert_params(model)
            entry["expert_params"] = in_experts
            entry["active_params"] = entry["params"] - in_experts + in_experts * top_k // experts
            entry["num_local_experts"] = experts
            entry["num_experts_per_tok"] = top_k
        out["models"][model_dir] = entry
        print(model_dir, entry, file=sys.stderr)
    json.dump(out, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main(sys.argv[1])

// Where the counting conventions of Roofline Lens differ from LLM-Viewer's (hahnyuan/LLM-Viewer,
// model_analyzer.py and configs/Llama.py), the reference for language models. With
// `--attention unfused`, `--fusion none` and compulsory traffic, every projection, QK^T, softmax and
// scores x V layer of Llama-2-7b equals LLM-Viewer's figures exactly (test/llmViewerParity.test.ts);
// the layers below differ by convention, and the test shows both figures. Rendered into
// docs/approximations.md.

export const LLM_VIEWER_DIFFERENCES = {
  norms: 'RMSNorm: 4 ops per element here (square, mean, rsqrt, scale), 7 in LLM-Viewer; here the norm\'s weight (one value per feature) is read, LLM-Viewer reads none.',
  residualReads: 'Residual adds read both operands here; LLM-Viewer reads one (load_act = one tensor).',
  gatedActivation: 'The SwiGLU activation is two layers here, SiLU and the product, each on the feed-forward width (11,008 for Llama-2-7b); LLM-Viewer counts one mlp_act layer on the hidden width (4,096) with 2 ops per element.',
  lmHead: 'The lm head counts 2 ops per multiply-add and the logits of every position of the sequence (a prefill of 2,048 tokens computes 2,048 rows); LLM-Viewer counts 1 op per multiply-add and one row, in prefill as in decode.',
  embedding: 'The embedding lookup and the final norm are layers here (the lookup reads one row per token); LLM-Viewer leaves them out.',
  peak: 'The A6000 target file gives the whitepaper\'s 154.8 TFLOP/s; LLM-Viewer uses 309.677 / 2 = 154.8385 TFLOP/s, so compute-bound times differ by 0.025%.',
} as const;

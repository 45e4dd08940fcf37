// The public sources the catalog's figures cite in more than one file (the targets' figures and
// their interconnects'), each written once: a datasheet, whitepaper, paper or documentation page.
// Citations that say more (a column, a table) stay beside their figures.

export const H100_DS = 'NVIDIA H100 Tensor Core GPU datasheet (2023)';
export const A100_WP = 'NVIDIA A100 Tensor Core GPU Architecture whitepaper (2020)';
export const A100_DS = 'NVIDIA A100 Tensor Core GPU datasheet (2021)';
export const V100_WP = 'NVIDIA Tesla V100 GPU Architecture whitepaper (2017)';
export const V100_DS = 'NVIDIA Tesla V100 datasheet (2018), SXM2 column';
export const L4_DS = 'NVIDIA L4 Tensor Core GPU datasheet (2023)';
export const T4_DS = 'NVIDIA T4 Tensor Core GPU datasheet (2019)';
export const TPU1 = 'Jouppi et al., "In-Datacenter Performance Analysis of a Tensor Processing Unit", ISCA 2017';
export const V4 = 'Google Cloud TPU documentation, "TPU v4" (2023)';
export const V4_PAPER = 'Jouppi et al., "TPU v4: An Optically Reconfigurable Supercomputer for Machine Learning with Hardware Support for Embeddings", ISCA 2023';
export const V5E = 'Google Cloud TPU documentation, "TPU v5e" (2023)';

// Custom LSP messages between the Roofline client and server, typed once. Method names are part of
// the public contract of the server (other editors may use them).
import type { WhatIf } from './panel';

/** Server -> client after every stored analysis: what the status bar shows for that document. */
export const DID_ANALYSE = 'roofline/didAnalyse';

export interface DidAnalyseParams {
  uri: string;
  version: number;
  /** The target in use, or absent when there is none (see `problem`). */
  target?: { name: string; title: string; origin: 'option' | 'file' | 'fallback' };
  problem?: string;
  /** The file's default precision (`use precision`, else fp32). */
  precision: string;
  /** Model time and dominant bound of the first model, when costed. */
  time?: number;
  bound?: string;
  errors: number;
}

/** Client -> server: the targets a user can choose from, for the quick pick. */
export const LIST_TARGETS = 'roofline/listTargets';

export interface ListTargetsParams {
  uri?: string;
}

export interface TargetChoice {
  name: string;
  title: string;
  kind: string;
  /** 'catalog', 'file' (a hardware block of the document). */
  from: 'catalog' | 'file';
  detail: string;
}

/** Client -> server: the data of the Roofline panel for a document, with the panel's what-ifs. */
export const PANEL_DATA = 'roofline/panelData';

export interface PanelDataParams extends WhatIf {
  uri: string;
  modelIndex?: number;
}

/** The answer: the data, or why there is none (no model, no target...). */
export type PanelDataResult = { data: import('./panel').PanelData } | { error: string };

/** Client -> server: an equivalent .nnm of a model file of another format (ONNX, Caffe, Darknet). */
export const CONVERT_TO_NNM = 'roofline/convertToModelFile';

export interface ConvertParams {
  uri: string;
}

export type ConvertResult = { text: string; warnings: string[] } | { error: string };

// The language-server storm, shared by the test (test/robust-storm.test.ts: what cannot flake) and
// the benchmark (bench/storm.bench.ts: latency and memory figures): ResNet-50 opened, then 1,000
// edits sent as one burst (each a new version of the whole text: the input size changes, and every
// seventh version has an undefined name), a hover request after every tenth edit without waiting for
// its answer, and the final version (with one undefined name) left to be analysed and published.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HoverRequest, type Hover } from 'vscode-languageserver/node';
import type { LspSession } from './lspSession';

export const STORM_URI = 'file:///storm/resnet50.nnm';
const BASE = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'resnet50.nnm'), 'utf8');

/** The text of version `v` of the storm (1 is the file as it is). */
export function stormText(v: number): string {
  if (v === 1) return BASE;
  let text = BASE.replace('size = 224', `size = ${160 + (v % 97)}`);
  if (v % 7 === 0) text = text.replace('logits = linear(', 'logits = linear(zz_undefined + ');
  return text;
}

/** Where a hover asks: the logits layer's call. */
export function stormHoverPosition(text: string): { line: number; character: number } {
  const at = text.indexOf('logits = linear(') + 'logits = '.length + 2;
  const before = text.slice(0, at).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

export interface StormResult {
  finalVersion: number;
  finalText: string;
  /** Every hover of the burst: answered (a Hover or null) or failed (an Error). */
  hovers: (Hover | null | Error)[];
}

/** Opens the file (unless `opened`), sends the burst, and waits for every hover of it and for the final publication. */
export async function runStorm(session: LspSession, opened = false, edits = 1_000, hoverEvery = 10): Promise<StormResult> {
  if (!opened) await session.open(STORM_URI, stormText(1), 1);
  const pending: Promise<Hover | null | Error>[] = [];
  let version = 1;
  for (let i = 0; i < edits; i++) {
    version++;
    void session.change(STORM_URI, version, stormText(version));
    if (i % hoverEvery === hoverEvery - 1) {
      pending.push(
        session.client.sendRequest(HoverRequest.type, { textDocument: { uri: STORM_URI }, position: stormHoverPosition(stormText(version)) }).then(
          (h) => h as Hover | null,
          (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
        ),
      );
    }
  }
  // The last version: one undefined name, so that its diagnostics are not empty.
  version++;
  const finalText = stormText(1).replace('logits = linear(', 'logits = linear(zz_final + ');
  const published = session.diagnostics(STORM_URI, version);
  await session.change(STORM_URI, version, finalText);
  const hovers = await Promise.all(pending);
  await published;
  return { finalVersion: version, finalText, hovers };
}

// A SCALE-Sim v2 configuration file (`scale.cfg`, scalesim/scale_config.py) as a target: the
// `[architecture_presets]` ArrayHeight x ArrayWidth array and its Dataflow, the three SRAMs
// (IfmapSramSzkB, FilterSramSzkB, OfmapSramSzkB, in kB of 1,024 one-byte words), Bandwidth (DRAM words a
// cycle, per operand port) and `[run_presets]` InterfaceBandwidth (USER: stalls at that bandwidth;
// CALC: SCALE-Sim estimates the bandwidth, no stalls). Keys are read as Python's configparser reads
// them: `key: value` or `key = value`, names in any case. SCALE-Sim has no clock: 1 GHz is assumed (a
// cycle is a nanosecond), and the peak is derived from the array (2 x rows x cols x clock, int8: one-
// byte words). Recognised by content (`isScaleSimConfig`), so a Darknet .cfg stays a model. Errors
// are located RL407 diagnostics; never throws.
import { someLineStarts } from '../formats/sniff';
import { diag } from '../diagnostics/catalogue';
import type { Diagnostic, Span } from '../diagnostics/types';
import { arrayPeak } from './derivedPeak';
import type { TargetResult } from './targetSpec';
import type { Target } from './types';

const DATAFLOWS = ['os', 'ws', 'is'] as const;
export const SCALESIM_CLOCK_HZ = 1e9;

interface Entry {
  section: string;
  key: string;
  value: string;
  valueSpan: Span;
  line: number;
}

/** True for the text of a SCALE-Sim config: it has an [architecture_presets] section. */
export function isScaleSimConfig(text: string): boolean {
  return someLineStarts(text, /^\[\s*architecture_presets\s*\]/i);
}

function entries(text: string): Entry[] {
  const out: Entry[] = [];
  let section = '';
  let offset = 0;
  const lines = text.split('\n');
  lines.forEach((raw, line) => {
    const start = offset;
    offset += raw.length + 1;
    const l = raw.replace(/\r$/, '');
    const sec = /^\s*\[\s*([^\]]+?)\s*\]/.exec(l);
    if (sec) {
      section = sec[1].toLowerCase();
      return;
    }
    if (/^\s*([#;]|$)/.test(l)) return;
    const kv = /^\s*([^:=]+?)\s*[:=]\s*(.*?)\s*$/.exec(l);
    if (!kv) return;
    const valueStart = start + l.indexOf(kv[2], l.search(/[:=]/) + 1);
    out.push({ section, key: kv[1].toLowerCase(), value: kv[2], valueSpan: { start: valueStart, end: valueStart + kv[2].length }, line });
  });
  return out;
}

export interface ScaleSimConfigOptions {
  /** File name, for the target's name and the figures' sources. */
  file?: string;
}

/** The target a SCALE-Sim config describes, with located RL407 diagnostics. */
export function targetFromScaleSimConfig(text: string, options: ScaleSimConfigOptions = {}): TargetResult {
  const diagnostics: Diagnostic[] = [];
  try {
    const file = options.file ?? 'scale.cfg';
    const all = entries(text);
    const whole: Span = { start: 0, end: Math.min(text.length, 1) };
    const find = (section: string, key: string) => all.find((e) => e.section === section && e.key === key.toLowerCase());
    const where = (e: Entry) => `${file}, line ${e.line + 1}`;
    const count = (key: string): { value: number; e: Entry } | undefined => {
      const e = find('architecture_presets', key);
      if (!e) {
        diagnostics.push(diag('RL407', whole, `[architecture_presets] has no ${key}`));
        return undefined;
      }
      const v = e.value.split(',')[0].trim();
      if (!/^\d+$/.test(v) || Number(v) < 1) {
        diagnostics.push(diag('RL407', e.valueSpan, `${key} must be a whole number greater than zero (found '${e.value}')`));
        return undefined;
      }
      return { value: Number(v), e };
    };
    const rows = count('ArrayHeight');
    const cols = count('ArrayWidth');
    const ifmap = count('IfmapSramSzkB');
    const filter = count('FilterSramSzkB');
    const ofmap = count('OfmapSramSzkB');
    const dfEntry = find('architecture_presets', 'Dataflow');
    let dataflow: (typeof DATAFLOWS)[number] | undefined;
    if (!dfEntry) diagnostics.push(diag('RL407', whole, '[architecture_presets] has no Dataflow (os, ws or is)'));
    else if (!(DATAFLOWS as readonly string[]).includes(dfEntry.value.toLowerCase())) diagnostics.push(diag('RL407', dfEntry.valueSpan, `Dataflow must be os, ws or is (found '${dfEntry.value}')`));
    else dataflow = dfEntry.value.toLowerCase() as (typeof DATAFLOWS)[number];
    const modeEntry = find('run_presets', 'InterfaceBandwidth');
    let mode: 'user' | 'calc' = 'calc';
    if (modeEntry) {
      const m = modeEntry.value.toUpperCase();
      if (m === 'USER') mode = 'user';
      else if (m !== 'CALC') diagnostics.push(diag('RL407', modeEntry.valueSpan, `InterfaceBandwidth must be USER or CALC (found '${modeEntry.value}')`));
    }
    const bwEntry = find('architecture_presets', 'Bandwidth');
    let words: number | undefined;
    if (bwEntry) {
      const v = bwEntry.value.split(',')[0].trim();
      if (/^\d+(\.\d+)?$/.test(v) && Number(v) > 0) words = Number(v);
      else if (mode === 'user') diagnostics.push(diag('RL407', bwEntry.valueSpan, `Bandwidth must be a number of words a cycle greater than zero (found '${bwEntry.value}')`));
    } else if (mode === 'user') diagnostics.push(diag('RL407', modeEntry?.valueSpan ?? whole, 'InterfaceBandwidth USER needs a Bandwidth (DRAM words a cycle) in [architecture_presets]'));
    if (!rows || !cols || !ifmap || !filter || !ofmap || !dataflow || (mode === 'user' && words === undefined)) return { diagnostics };
    const runName = find('general', 'run_name')?.value ?? file;
    const clock = { value: SCALESIM_CLOCK_HZ, source: 'assumption: SCALE-Sim has no clock; 1 GHz, so that a cycle is a nanosecond' };
    const arraySource = `${file}: ArrayHeight ${rows.value} (line ${rows.e.line + 1}), ArrayWidth ${cols.value} (line ${cols.e.line + 1}), Dataflow ${dataflow}`;
    const kb = 1024;
    const sram = { ifmap: ifmap.value * kb, filter: filter.value * kb, ofmap: ofmap.value * kb, source: `${file}: IfmapSramSzkB ${ifmap.value}, FilterSramSzkB ${filter.value}, OfmapSramSzkB ${ofmap.value} (kB of 1,024 one-byte words, SCALE-Sim's word)` };
    const modeSource = modeEntry ? where(modeEntry) : `${file}: no InterfaceBandwidth (SCALE-Sim's default CALC)`;
    const target: Target = {
      name: file,
      title: `SCALE-Sim config ${file} ('${runName}'): ${rows.value} x ${cols.value} ${dataflow}, ${mode === 'user' ? `USER bandwidth ${words} words a cycle per operand` : 'CALC bandwidth (no stalls)'}`,
      kind: 'asic',
      clock,
      peak: { int8: arrayPeak(rows.value, cols.value, 1, clock) },
      defaultPrecision: 'int8',
      memory:
        words !== undefined
          ? [{ name: 'DRAM', offChip: true, bandwidth: { value: 3 * words * SCALESIM_CLOCK_HZ, source: `derived: 3 operand ports x Bandwidth ${words} words a cycle (${where(bwEntry!)}) x 1 byte x 1 GHz (assumed clock)` } }]
          : [],
      buffer: { value: sram.ifmap + sram.filter + sram.ofmap, source: `derived: the three SRAMs (${sram.source})` },
      systolic: {
        rows: rows.value,
        cols: cols.value,
        dataflow,
        source: arraySource,
        sram,
        interface: words !== undefined ? { mode, words, source: `${modeSource}; Bandwidth ${words} (${where(bwEntry!)})` } : { mode, source: modeSource },
      },
      execution: 'sequential',
      file,
      notes: [
        'Read from a SCALE-Sim v2 config: SCALE-Sim counts one-byte words (int8) and has no clock (1 GHz assumed, so a cycle is a nanosecond).',
        mode === 'user' ? 'InterfaceBandwidth USER: each operand (ifmap, filter, ofmap) has its own DRAM port of Bandwidth words a cycle; memory stalls are modelled.' : 'InterfaceBandwidth CALC: SCALE-Sim assumes the bandwidth the array needs, so there are no stalls.',
      ],
    };
    return { target, diagnostics };
  } catch (e) {
    return { diagnostics: [...diagnostics, diag('RL407', { start: 0, end: 0 }, `internal error while reading the SCALE-Sim config: ${e instanceof Error ? e.message : String(e)}`)] };
  }
}

// The panel's controls: the target dropdown, the datatypes by role, attention and phase
// (modelControls.ts), one number input per model param, the fusion policy, the parallel plan
// (parallelControls.ts), the traffic toggle (tiled / compulsory) and the export buttons. Built
// once, then updated in place, so an update never steals focus or drops what the user is typing;
// a control reports a change only when its value differs from the data's (no echo when the host's
// update sets it).
import type { PanelData, WhatIfControls } from '../../../server/src/protocol/panel';
import type { Toolkit } from '../toolkit';
import { createModelControls, type ModelControlActions } from './modelControls';
import { numberField } from './numberField';
import { createParallelControls, type ParallelControlActions } from './parallelControls';

export interface ControlActions extends ModelControlActions, ParallelControlActions {
  setTarget(target: string): void;
  setParam(name: string, value: number): void;
  setTraffic(mode: 'tiled' | 'compulsory'): void;
  setFusion(policy: string): void;
  exportAs(format: 'svg' | 'png' | 'csv'): void;
}

export interface ControlsView {
  update(data: PanelData): void;
}

/** `works`: the what-if controls that can work where the page runs; the others are hidden (a
 *  standalone report without the analysis core has none; an ONNX report cannot change params). */
export function createControls(container: HTMLElement, toolkit: Toolkit, actions: ControlActions, works: WhatIfControls): ControlsView {
  const doc = container.ownerDocument;
  let current: PanelData | undefined;

  const target = toolkit.select({
    name: 'target',
    label: 'target',
    options: [],
    value: '',
    onChange: (v) => {
      if (current && v && v !== current.target.name) actions.setTarget(v);
    },
  });
  const model = createModelControls(doc, toolkit, actions, works);
  const parallel = createParallelControls(doc, actions, works);
  const fusion = toolkit.select({
    name: 'fusion',
    label: 'fusion',
    options: [],
    value: '',
    onChange: (v) => {
      if (current && v && v !== current.fusion) actions.setFusion(v);
    },
  });
  fusion.title = 'none: every layer its own kernel; epilogue: batch norm folded, element-wise epilogues and residual adds fused; aggressive: pooling and softmax too';
  const traffic = toolkit.checkbox({
    name: 'traffic',
    label: 'tiled traffic',
    checked: true,
    onChange: (checked) => {
      const mode = checked ? 'tiled' : 'compulsory';
      if (current && mode !== current.trafficMode) actions.setTraffic(mode);
    },
  });
  traffic.title = 'checked: off-chip traffic under the chosen tiling; unchecked: compulsory traffic (every operand once)';
  const params = doc.createElement('div');
  params.className = 'rl-params';
  const exports = doc.createElement('div');
  exports.className = 'rl-exports';
  exports.append(
    toolkit.button({ name: 'export-svg', label: 'SVG', title: 'export the roofline as SVG', onClick: () => actions.exportAs('svg') }),
    toolkit.button({ name: 'export-png', label: 'PNG', title: 'export the roofline as PNG', onClick: () => actions.exportAs('png') }),
    toolkit.button({ name: 'export-csv', label: 'CSV', title: 'export the table as CSV', onClick: () => actions.exportAs('csv') }),
  );
  container.replaceChildren(target, ...model.elements, params, fusion, ...parallel.elements, traffic, exports);
  target.hidden = !works.target;
  params.hidden = !works.params;
  traffic.hidden = !works.traffic;

  let paramKey = '';
  const inputs = new Map<string, HTMLInputElement>();

  function buildParams(data: PanelData): void {
    inputs.clear();
    params.replaceChildren(
      ...data.params.map((p) => {
        const { field, input } = numberField(doc, 'param', p.name, { anyNumber: true });
        input.dataset.name = p.name;
        input.addEventListener('change', () => {
          const v = input.valueAsNumber;
          const now = current?.params.find((q) => q.name === p.name);
          if (Number.isFinite(v) && now && v !== now.value) actions.setParam(p.name, v);
        });
        inputs.set(p.name, input);
        return field;
      }),
    );
  }

  return {
    update(data) {
      current = data;
      const targets = data.targets.some((t) => t.name === data.target.name) ? data.targets : [data.target, ...data.targets];
      toolkit.setSelect(target, targets.map((t) => ({ value: t.name, label: t.title })), data.target.name);
      model.update(data);
      parallel.update(data);
      toolkit.setChecked(traffic, data.trafficMode === 'tiled');
      fusion.hidden = !works.fusion || data.fusion === undefined;
      if (data.fusion !== undefined) toolkit.setSelect(fusion, (data.fusionPolicies ?? [data.fusion]).map((p) => ({ value: p, label: p })), data.fusion);
      const key = data.params.map((p) => p.name).join('\u0000');
      if (key !== paramKey) {
        paramKey = key;
        buildParams(data);
      }
      for (const p of data.params) {
        const input = inputs.get(p.name);
        if (!input) continue;
        input.parentElement?.classList.toggle('overridden', p.overridden);
        input.title = p.overridden ? `${p.name}: overridden in the panel` : `${p.name}: as in the file`;
        // Leave the field alone while the user is typing in it.
        if (doc.activeElement !== input && input.valueAsNumber !== p.value) input.value = String(p.value);
      }
    },
  };
}

// The only module that knows about @vscode/webview-ui-toolkit. It builds the panel's controls
// (dropdown, button, checkbox) as toolkit components when the page runs in VS Code, and as native
// HTML controls otherwise (a plain browser, the standalone report, <html data-controls="native">,
// or a registration that failed). The rest of the page sees only the `Toolkit` interface below, so
// the toolkit, deprecated upstream since January 2025, can be replaced by its successor
// (@vscode-elements/elements: vscode-single-select, vscode-button, vscode-checkbox) in this file alone.
//
// A static import, so that esbuild keeps only the four components used (the bundle grows by about
// 70 KiB; a `require` would keep the whole toolkit, about 290 KiB). CSP: the toolkit's FAST elements
// need no 'unsafe-eval' and no 'unsafe-inline' style (they style through constructable
// stylesheets), except for one <style> element that probes :focus-visible support, which takes
// the nonce from <meta property="csp-nonce"> (written by server/src/ide/pageHtml.ts); checked in
// Chromium by test/webview-browser.test.ts. Number inputs stay native either way:
// vscode-text-field has no type="number".
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeCheckbox, vsCodeDropdown, vsCodeOption } from '@vscode/webview-ui-toolkit';

export interface SelectOption {
  value: string;
  label: string;
}

export interface Toolkit {
  readonly kind: 'toolkit' | 'native';
  /** A labelled dropdown; its control element carries data-control=`name`. */
  select(o: { name: string; label: string; options: readonly SelectOption[]; value: string; onChange(value: string): void }): HTMLElement;
  /** Replaces the options and the value of a dropdown made by `select`, without firing onChange. */
  setSelect(field: HTMLElement, options: readonly SelectOption[], value: string): void;
  button(o: { name: string; label: string; title?: string; onClick(): void }): HTMLElement;
  checkbox(o: { name: string; label: string; checked: boolean; onChange(checked: boolean): void }): HTMLElement;
  setChecked(field: HTMLElement, checked: boolean): void;
  setDisabled(field: HTMLElement, disabled: boolean): void;
}

/** Registers the toolkit's components once per page; false when that fails. */
function registerToolkit(): boolean {
  try {
    provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeCheckbox(), vsCodeDropdown(), vsCodeOption());
    return true;
  } catch {
    // Already registered under these names by something else, or no custom elements: go native.
    return false;
  }
}

/** The control inside a field made by this module (the element with data-control). */
function control(field: HTMLElement): HTMLElement {
  return field.matches('[data-control]') ? field : (field.querySelector<HTMLElement>('[data-control]') ?? field);
}

/** `use`: whether the page wants the toolkit (VS Code) at all; native controls when false. */
export function loadToolkit(doc: Document, use: boolean): Toolkit {
  const registered = use && registerToolkit();
  return registered ? toolkitControls(doc) : nativeControls(doc);
}

/** Wraps a control with its <label>; ids are numbered per toolkit instance. */
function labeller(doc: Document): (label: string, ctl: HTMLElement) => HTMLElement {
  let n = 0;
  return (label, ctl) => {
    const field = doc.createElement('div');
    field.className = 'rl-field';
    ctl.id = `rl-field-${++n}`;
    const l = doc.createElement('label');
    l.htmlFor = ctl.id;
    l.textContent = label;
    field.append(l, ctl);
    return field;
  };
}

function nativeControls(doc: Document): Toolkit {
  const labelled = labeller(doc);
  const fillOptions = (sel: HTMLSelectElement, options: readonly SelectOption[], value: string): void => {
    sel.replaceChildren(
      ...options.map((o) => {
        const opt = doc.createElement('option');
        opt.value = o.value;
        opt.textContent = o.label;
        return opt;
      }),
    );
    sel.value = value;
  };
  return {
    kind: 'native',
    select(o) {
      const sel = doc.createElement('select');
      sel.dataset.control = o.name;
      fillOptions(sel, o.options, o.value);
      sel.addEventListener('change', () => o.onChange(sel.value));
      return labelled(o.label, sel);
    },
    setSelect(field, options, value) {
      const sel = control(field) as HTMLSelectElement;
      const same = sel.options.length === options.length && options.every((o, i) => sel.options[i].value === o.value && sel.options[i].textContent === o.label);
      if (!same) fillOptions(sel, options, value);
      else if (sel.value !== value) sel.value = value;
    },
    button(o) {
      const b = doc.createElement('button');
      b.type = 'button';
      b.className = 'rl-button';
      b.dataset.control = o.name;
      b.textContent = o.label;
      if (o.title) b.title = o.title;
      b.addEventListener('click', () => o.onClick());
      return b;
    },
    checkbox(o) {
      const field = doc.createElement('label');
      field.className = 'rl-field rl-check';
      const box = doc.createElement('input');
      box.type = 'checkbox';
      box.dataset.control = o.name;
      box.checked = o.checked;
      box.addEventListener('change', () => o.onChange(box.checked));
      field.append(box, doc.createTextNode(` ${o.label}`));
      return field;
    },
    setChecked(field, checked) {
      const box = control(field) as HTMLInputElement;
      if (box.checked !== checked) box.checked = checked;
    },
    setDisabled(field, disabled) {
      (control(field) as HTMLInputElement).disabled = disabled;
    },
  };
}

/** Toolkit elements expose value/checked/disabled as properties, like their native counterparts. */
type ValueElement = HTMLElement & { value: string; checked: boolean; disabled: boolean };

function toolkitControls(doc: Document): Toolkit {
  const labelled = labeller(doc);
  const fillOptions = (dd: ValueElement, options: readonly SelectOption[], value: string): void => {
    dd.replaceChildren(
      ...options.map((o) => {
        const opt = doc.createElement('vscode-option');
        opt.setAttribute('value', o.value);
        if (o.value === value) opt.setAttribute('selected', '');
        opt.textContent = o.label;
        return opt;
      }),
    );
    dd.value = value;
  };
  return {
    kind: 'toolkit',
    select(o) {
      const dd = doc.createElement('vscode-dropdown') as ValueElement;
      dd.dataset.control = o.name;
      fillOptions(dd, o.options, o.value);
      dd.addEventListener('change', () => o.onChange(dd.value));
      return labelled(o.label, dd);
    },
    setSelect(field, options, value) {
      const dd = control(field) as ValueElement;
      const opts = Array.from(dd.querySelectorAll('vscode-option'));
      const same = opts.length === options.length && options.every((o, i) => opts[i].getAttribute('value') === o.value && opts[i].textContent === o.label);
      if (!same) fillOptions(dd, options, value);
      else if (dd.value !== value) dd.value = value;
    },
    button(o) {
      const b = doc.createElement('vscode-button');
      b.setAttribute('appearance', 'secondary');
      b.dataset.control = o.name;
      b.textContent = o.label;
      if (o.title) b.title = o.title;
      b.addEventListener('click', () => o.onClick());
      return b;
    },
    checkbox(o) {
      const box = doc.createElement('vscode-checkbox') as ValueElement;
      box.dataset.control = o.name;
      box.textContent = o.label;
      box.checked = o.checked;
      box.addEventListener('change', () => o.onChange(box.checked));
      const field = doc.createElement('div');
      field.className = 'rl-field rl-check';
      field.append(box);
      return field;
    },
    setChecked(field, checked) {
      const box = control(field) as ValueElement;
      if (box.checked !== checked) box.checked = checked;
    },
    setDisabled(field, disabled) {
      (control(field) as ValueElement).disabled = disabled;
    },
  };
}

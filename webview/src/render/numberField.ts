// A labelled whole-number input of the panel's controls (a phase's prompt and new tokens, a plan's
// degrees): `<label class="rl-field rl-param"><span>label</span><input type=number></label>`.
export function numberField(doc: Document, name: string, label: string, title: string): { field: HTMLElement; input: HTMLInputElement } {
  const field = doc.createElement('label');
  field.className = 'rl-field rl-param';
  const text = doc.createElement('span');
  text.textContent = label;
  const input = doc.createElement('input');
  input.type = 'number';
  input.min = '1';
  input.step = '1';
  input.dataset.control = name;
  input.title = title;
  field.append(text, input);
  return { field, input };
}

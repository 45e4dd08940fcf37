// A labelled number input of the panel's controls (a model param; a phase's prompt and new tokens
// and a plan's degrees, whole numbers from 1):
// `<label class="rl-field rl-param"><span>label</span><input type=number data-control=...></label>`.
export function numberField(doc: Document, control: string, label: string, options: { title?: string; anyNumber?: boolean } = {}): { field: HTMLElement; input: HTMLInputElement } {
  const field = doc.createElement('label');
  field.className = 'rl-field rl-param';
  const text = doc.createElement('span');
  text.textContent = label;
  const input = doc.createElement('input');
  input.type = 'number';
  if (options.anyNumber) input.step = 'any';
  else {
    input.min = '1';
    input.step = '1';
  }
  input.dataset.control = control;
  if (options.title !== undefined) input.title = options.title;
  field.append(text, input);
  return { field, input };
}

// Generates large model files for benchmarks: a plain chain of `layers` layers (conv, batchnorm,
// relu and residual adds in turn), one layer a line, as a big hand-written or exported model would be.

export function generateChainModel(layers: number): string {
  const lines = ['# Generated benchmark model: a chain of conv, batchnorm, relu and add layers.', 'use precision fp16', '', 'model chain {', '  param batch = 1', '  input x0: [batch, 64, 56, 56]'];
  let prev = 'x0';
  let skip = 'x0';
  for (let i = 1; i <= layers; i++) {
    const name = `l${i}`;
    switch (i % 4) {
      case 1:
        lines.push(`  ${name} = conv2d(${prev}, 64, kernel=3, pad=1, bias=false)`);
        break;
      case 2:
        lines.push(`  ${name} = batchnorm(${prev})`);
        break;
      case 3:
        lines.push(`  ${name} = relu(${prev})`);
        break;
      default:
        lines.push(`  ${name} = add(${prev}, ${skip})`);
        skip = name;
    }
    prev = name;
  }
  lines.push(`  output y = global_avgpool(${prev})`, '}', '');
  return lines.join('\n');
}

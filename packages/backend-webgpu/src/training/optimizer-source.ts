import type { OptimizerKind } from '@rectify/activation-core';

/** Bytes of the uniform block: n, count, rowGroups, pad, then twelve float32 factors. */
export const optimizerUniformBytes = 64;

/**
 * One optimiser step in place, on vec4 lanes (PyTorch's formulas, as core documents them):
 * `g = grad + l2 w + l1 sign(w)`, the weight decayed by `decay = 1 - lr weightDecay`, then
 * sgd `w -= lr g`; momentum `v = mu v + g, w -= lr v`; nesterov the same v and `w -= lr (g + mu v)`;
 * adam/adamw `m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g², w -= stepSize m / (sqrt(v) / bc2 + eps)`
 * with `stepSize = lr / (1 - b1^t)` and `bc2 = sqrt(1 - b2^t)` computed on the host in float64.
 * Bindings: 0 uniforms, 1 param, 2 grad, then the state tensors.
 */
export function optimizerSource(kind: OptimizerKind, workgroupSize: number): string {
  const states = kind === 'sgd' ? 0 : kind === 'momentum' || kind === 'nesterov' ? 1 : 2;
  let update: string[];
  if (kind === 'sgd') update = ['let change = g;'];
  else if (kind === 'momentum' || kind === 'nesterov') {
    update = ['let velocity = vec4<f32>(u.momentum) * moment1[i] + g;', 'moment1[i] = velocity;', kind === 'nesterov' ? 'let change = g + vec4<f32>(u.momentum) * velocity;' : 'let change = velocity;'];
  } else {
    update = [
      'let m = vec4<f32>(u.beta1) * moment1[i] + vec4<f32>(u.oneMinusBeta1) * g;',
      'let v = vec4<f32>(u.beta2) * moment2[i] + vec4<f32>(u.oneMinusBeta2) * g * g;',
      'moment1[i] = m;',
      'moment2[i] = v;',
      'let change = m / (sqrt(v) / vec4<f32>(u.biasCorrection2Sqrt) + vec4<f32>(u.epsilon));',
    ];
  }
  return [
    'struct Params { n: u32, count: u32, rowGroups: u32, pad: u32,',
    '  momentum: f32, beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32, epsilon: f32,',
    '  l1: f32, l2: f32, decay: f32, stepSize: f32, biasCorrection2Sqrt: f32, pad1: f32 }',
    '@group(0) @binding(0) var<uniform> u: Params;',
    '@group(0) @binding(1) var<storage, read_write> weights: array<vec4<f32>>;',
    '@group(0) @binding(2) var<storage, read> grad: array<vec4<f32>>;',
    states >= 1 ? '@group(0) @binding(3) var<storage, read_write> moment1: array<vec4<f32>>;' : '',
    states >= 2 ? '@group(0) @binding(4) var<storage, read_write> moment2: array<vec4<f32>>;' : '',
    `@compute @workgroup_size(${workgroupSize})`,
    'fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {',
    `  let i = (wid.y * u.rowGroups + wid.x) * ${workgroupSize}u + lid;`,
    '  if (i >= u.count) { return; }',
    '  let w = weights[i];',
    '  let g = grad[i] + vec4<f32>(u.l2) * w + vec4<f32>(u.l1) * sign(w);',
    ...update.map((line) => `  ${line}`),
    '  weights[i] = vec4<f32>(u.decay) * w - vec4<f32>(u.stepSize) * change;',
    '}',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

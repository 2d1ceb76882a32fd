/** Element-wise ops of the training backend, on vec4 lanes over buffers padded to 16 bytes. */
export type ElementwiseOp = 'add' | 'sub' | 'mul' | 'scale' | 'clip' | 'fill' | 'dropout' | 'scaledDifference';

interface OpShape {
  readonly inputs: 0 | 1 | 2;
  readonly outputs: 1 | 2;
  readonly body: string;
}

const isNan = (value: string): string => `((bitcast<vec4<u32>>(${value}) & vec4<u32>(0x7fffffffu)) > vec4<u32>(0x7f800000u))`;

/** The body of each op: `l` and `r` are the inputs' lanes, `idx` the element indices, `u.a`/`u.b` scalars. */
const ops: Readonly<Record<ElementwiseOp, OpShape>> = {
  add: { inputs: 2, outputs: 1, body: 'outs[i] = l + r;' },
  sub: { inputs: 2, outputs: 1, body: 'outs[i] = l - r;' },
  mul: { inputs: 2, outputs: 1, body: 'outs[i] = l * r;' },
  scale: { inputs: 1, outputs: 1, body: 'outs[i] = l * vec4<f32>(u.a);' },
  // WGSL lets compilers assume no NaN: test the bits, so clip(NaN) stays NaN as min/max do.
  clip: { inputs: 1, outputs: 1, body: `outs[i] = select(clamp(l, vec4<f32>(u.a), vec4<f32>(u.b)), l, ${isNan('l')});` },
  fill: { inputs: 0, outputs: 1, body: 'outs[i] = vec4<f32>(u.a);' },
  // (p - t) * factor: the gradient of the mean squared error.
  scaledDifference: { inputs: 2, outputs: 1, body: 'outs[i] = (l - r) * vec4<f32>(u.a);' },
  // Core's counter-based draw in integers: kept iff lowbias32(i ^ key) >> 8 >= threshold.
  dropout: {
    inputs: 1,
    outputs: 2,
    body: ['let keep = (mix32(idx ^ vec4<u32>(u.key)) >> vec4<u32>(8u)) >= vec4<u32>(u.threshold);', 'let m = select(vec4<f32>(0.0), vec4<f32>(u.a), keep);', 'extra[i] = m;', 'outs[i] = l * m;'].join('\n  '),
  },
};

export const elementwiseArity = (op: ElementwiseOp): { inputs: number; outputs: number } => ops[op];

/** Bytes of the uniform block: n, count, rowGroups, key, a, b, threshold and padding. */
export const elementwiseUniformBytes = 32;

const mix32 = `
fn mix32(v: vec4<u32>) -> vec4<u32> {
  var h = v;
  h ^= h >> vec4<u32>(16u);
  h *= vec4<u32>(0x7feb352du);
  h ^= h >> vec4<u32>(15u);
  h *= vec4<u32>(0x846ca68bu);
  h ^= h >> vec4<u32>(16u);
  return h;
}`;

/**
 * Bindings: 0 uniforms, then the inputs (read), then the outputs. One invocation per vec4; the tail
 * vector computes on padding that is never read back.
 */
export function elementwiseSource(op: ElementwiseOp, workgroupSize: number): string {
  const shape = ops[op];
  const inputs = ['lhs', 'rhs'].slice(0, shape.inputs);
  const outputs = ['outs', 'extra'].slice(0, shape.outputs);
  return [
    'struct Params { n: u32, count: u32, rowGroups: u32, key: u32, a: f32, b: f32, threshold: u32, pad: u32 }',
    '@group(0) @binding(0) var<uniform> u: Params;',
    ...inputs.map((name, k) => `@group(0) @binding(${1 + k}) var<storage, read> ${name}: array<vec4<f32>>;`),
    ...outputs.map((name, k) => `@group(0) @binding(${1 + inputs.length + k}) var<storage, read_write> ${name}: array<vec4<f32>>;`),
    op === 'dropout' ? mix32 : '',
    `@compute @workgroup_size(${workgroupSize})`,
    'fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {',
    `  let i = (wid.y * u.rowGroups + wid.x) * ${workgroupSize}u + lid;`,
    '  if (i >= u.count) { return; }',
    op === 'dropout' ? '  let idx = i * 4u + vec4<u32>(0u, 1u, 2u, 3u);' : '',
    shape.inputs >= 1 ? '  let l = lhs[i];' : '',
    shape.inputs >= 2 ? '  let r = rhs[i];' : '',
    `  ${shape.body}`,
    '}',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

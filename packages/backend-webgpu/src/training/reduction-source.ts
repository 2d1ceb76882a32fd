/** What the sum reduction adds up per element. */
export type SumTerm = 'value' | 'square' | 'squaredDifference';

/** Bytes of the uniform block of every reduction here. */
export const reductionUniformBytes = 16;

/**
 * One level of a two-level float32 sum: workgroup w adds up the vec4s w, w + groups, ... (lanes past
 * `n` masked out), reduces in a tree in workgroup memory, and writes `total / divisor` to `outs[w]`.
 * The second level runs the same kernel over the partial sums with one workgroup.
 * Bindings: 0 uniforms { n, count, groups, divisor }, 1 xs, (2 ys), then outs.
 */
export function sumSource(term: SumTerm, workgroupSize: number): string {
  const expression = term === 'value' ? 'xs[i]' : term === 'square' ? 'xs[i] * xs[i]' : '(xs[i] - ys[i]) * (xs[i] - ys[i])';
  const two = term === 'squaredDifference';
  return `
struct Params { n: u32, count: u32, groups: u32, divisor: f32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> xs: array<vec4<f32>>;
${two ? '@group(0) @binding(2) var<storage, read> ys: array<vec4<f32>>;' : ''}
@group(0) @binding(${two ? 3 : 2}) var<storage, read_write> outs: array<f32>;
var<workgroup> partial: array<f32, ${workgroupSize}>;
@compute @workgroup_size(${workgroupSize})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  var acc = vec4<f32>(0.0);
  for (var i = wid.x * ${workgroupSize}u + lid; i < u.count; i = i + u.groups * ${workgroupSize}u) {
    let idx = i * 4u + vec4<u32>(0u, 1u, 2u, 3u);
    acc = acc + select(vec4<f32>(0.0), ${expression}, idx < vec4<u32>(u.n));
  }
  partial[lid] = (acc.x + acc.y) + (acc.z + acc.w);
  workgroupBarrier();
  for (var step = ${workgroupSize / 2}u; step > 0u; step = step >> 1u) {
    if (lid < step) { partial[lid] = partial[lid] + partial[lid + step]; }
    workgroupBarrier();
  }
  if (lid == 0u) { outs[wid.x] = partial[0] / u.divisor; }
}
`;
}

/**
 * Column sums of a row-major `[rows, cols]` matrix over one chunk of rows per workgroup layer
 * (`wid.z`), written as `[chunks, cols]`; a second pass with one chunk sums the chunks. Neighbouring
 * invocations read neighbouring columns; column groups fold into x and y.
 * Bindings: 0 uniforms { rows, cols, rowsPerChunk, rowGroups }, 1 xs, 2 outs.
 */
export function sumRowsSource(workgroupSize: number): string {
  return `
struct Params { rows: u32, cols: u32, rowsPerChunk: u32, rowGroups: u32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> xs: array<f32>;
@group(0) @binding(2) var<storage, read_write> outs: array<f32>;
@compute @workgroup_size(${workgroupSize})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let col = (wid.y * u.rowGroups + wid.x) * ${workgroupSize}u + lid;
  if (col >= u.cols) { return; }
  let start = wid.z * u.rowsPerChunk;
  let end = min(u.rows, start + u.rowsPerChunk);
  var acc = 0.0;
  for (var row = start; row < end; row = row + 1u) { acc = acc + xs[row * u.cols + col]; }
  outs[wid.z * u.cols + col] = acc;
}
`;
}

/**
 * Per row of `[rows, cols]`: the index of the largest value, the first on ties, the first NaN if any
 * (NaN counts as largest, tested on its bits since WGSL may assume no NaN), as float32.
 * Bindings: 0 uniforms { rows, cols, rowGroups }, 1 xs, 2 outs.
 */
export function argmaxSource(workgroupSize: number): string {
  return `
struct Params { rows: u32, cols: u32, rowGroups: u32, pad: u32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> xs: array<f32>;
@group(0) @binding(2) var<storage, read_write> outs: array<f32>;
fn isNan(v: f32) -> bool { return (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u; }
@compute @workgroup_size(${workgroupSize})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let row = (wid.y * u.rowGroups + wid.x) * ${workgroupSize}u + lid;
  if (row >= u.rows) { return; }
  let base = row * u.cols;
  var best = 0u;
  var bestValue = xs[base];
  for (var j = 1u; j < u.cols; j = j + 1u) {
    if (isNan(bestValue)) { break; }
    let value = xs[base + j];
    if (value > bestValue || isNan(value)) {
      best = j;
      bestValue = value;
    }
  }
  outs[row] = f32(best);
}
`;
}

import { helpersSource } from '../wgsl/helpers.js';
import { wgslTypes } from '../wgsl/types.js';

/** Bytes of the uniform block of the softmax cross-entropy kernel. */
export const softmaxCrossEntropyUniformBytes = 32;

/**
 * Softmax cross-entropy per row of logits `[batch, classes]`: the log-sum-exp taken around the row's
 * largest logit (NaN-propagating max, accurate exp and log helpers), the row loss
 * `logSumExp - z[label]` and the gradient row `(softmax(z) - onehot(label)) / batch`. A label that is
 * not an integer class index gives NaN for the row (the GPU cannot throw), so the mean loss is NaN.
 * The mean over rows is a second, reduction, pass.
 * Bindings: 0 uniforms { batch, classes, rowGroups, key, inf, nan }, 1 logits, 2 labels, 3 grad, 4 rowLoss.
 */
export function softmaxCrossEntropySource(workgroupSize: number): string {
  return `
struct Params { batch: u32, classes: u32, rowGroups: u32, key: u32, inf: f32, nan: f32, pad0: u32, pad1: u32 }
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> logits: array<f32>;
@group(0) @binding(2) var<storage, read> labels: array<f32>;
@group(0) @binding(3) var<storage, read_write> grad: array<f32>;
@group(0) @binding(4) var<storage, read_write> rowLoss: array<f32>;
${helpersSource(wgslTypes(1, 'f32'))}
@compute @workgroup_size(${workgroupSize})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let row = (wid.y * u.rowGroups + wid.x) * ${workgroupSize}u + lid;
  if (row >= u.batch) { return; }
  let base = row * u.classes;
  var largest = -u.inf;
  for (var j = 0u; j < u.classes; j = j + 1u) { largest = m_max(largest, logits[base + j]); }
  var total = 0.0;
  for (var j = 0u; j < u.classes; j = j + 1u) { total = total + m_exp(logits[base + j] - largest); }
  let logSumExp = largest + m_log(total);
  let labelValue = labels[row];
  let valid = !m_isnan(labelValue) && labelValue >= 0.0 && labelValue < f32(u.classes) && floor(labelValue) == labelValue;
  let label = select(0u, u32(labelValue), valid);
  rowLoss[row] = select(u.nan, logSumExp - logits[base + label], valid);
  let batch = f32(u.batch);
  for (var j = 0u; j < u.classes; j = j + 1u) {
    let probability = m_exp(logits[base + j] - logSumExp);
    grad[base + j] = select(u.nan, (probability - select(0.0, 1.0, j == label)) / batch, valid);
  }
}
`;
}

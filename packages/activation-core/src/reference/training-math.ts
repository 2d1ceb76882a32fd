import type { OptimizerFactors, ResolvedOptimizer } from '../backend/validate-training-call.js';
import { dropoutScale, dropoutThreshold } from '../backend/validate-training-call.js';
import { mix32, seedKey } from '../math/counter-random.js';

/**
 * The float64 oracle of the training ops: every function reads float32 values, computes in float64
 * and rounds each result to float32 once. Row-major throughout.
 */

/** `op(a) · op(b)` for `op(a): [m, k]`, `op(b): [k, n]`, with float64 accumulation. */
export function matmulFloat64(a: Float32Array, b: Float32Array, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean): Float64Array {
  const result = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let total = 0;
      for (let p = 0; p < k; p++) {
        const left = a[transposeA ? p * m + i : i * k + p] ?? 0;
        const right = b[transposeB ? j * k + p : p * n + j] ?? 0;
        total += left * right;
      }
      result[i * n + j] = total;
    }
  }
  return result;
}

/** Adds `bias[j]` to column j of a `[rows, cols]` matrix, in place. */
export function addBiasRows(values: Float64Array, bias: Float32Array, cols: number): void {
  for (let index = 0; index < values.length; index++) values[index] = (values[index] ?? 0) + (bias[index % cols] ?? 0);
}

export function sumRowsFloat64(a: Float32Array, rows: number, cols: number): Float64Array {
  const sums = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) sums[j] = (sums[j] ?? 0) + (a[i * cols + j] ?? 0);
  return sums;
}

/** Index of the largest value per row; the first one on ties, and the first NaN if any (NaN counts as largest, as in PyTorch). */
export function argmaxRows(a: Float32Array, rows: number, cols: number): Float32Array {
  const result = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    let bestValue = a[i * cols] ?? Number.NaN;
    for (let j = 1; j < cols && !Number.isNaN(bestValue); j++) {
      const value = a[i * cols + j] ?? Number.NaN;
      if (value > bestValue || Number.isNaN(value)) {
        best = j;
        bestValue = value;
      }
    }
    result[i] = best;
  }
  return result;
}

/** Mean softmax cross-entropy over rows and its gradient `(softmax(z) - onehot(label)) / batch`. */
export function softmaxCrossEntropyFloat64(logits: Float32Array, labels: Float32Array, batch: number, classes: number): { loss: number; grad: Float64Array } {
  const grad = new Float64Array(batch * classes);
  let total = 0;
  for (let i = 0; i < batch; i++) {
    const row = i * classes;
    let largest = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < classes; j++) largest = Math.max(largest, logits[row + j] ?? Number.NaN);
    let sum = 0;
    for (let j = 0; j < classes; j++) sum += Math.exp((logits[row + j] ?? 0) - largest);
    const logSumExp = largest + Math.log(sum);
    const label = labels[i] ?? 0;
    total += logSumExp - (logits[row + label] ?? 0);
    for (let j = 0; j < classes; j++) {
      const probability = Math.exp((logits[row + j] ?? 0) - logSumExp);
      grad[row + j] = (probability - (j === label ? 1 : 0)) / batch;
    }
  }
  return { loss: total / batch, grad };
}

/** Mean over every element of `(p - t)^2` and its gradient `2 (p - t) / n`, as PyTorch's `mse_loss`. */
export function meanSquaredErrorFloat64(predictions: Float32Array, targets: Float32Array): { loss: number; grad: Float64Array } {
  const n = predictions.length;
  const grad = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const difference = (predictions[i] ?? 0) - (targets[i] ?? 0);
    total += difference * difference;
    grad[i] = (2 * difference) / n;
  }
  return { loss: total / n, grad };
}

/** The dropout mask: `dropoutScale(rate)` where `uniformAt(seedKey(seed), i) >= rate`, else 0. */
export function dropoutMask(size: number, rate: number, seed: number): Float32Array {
  const key = seedKey(seed);
  const threshold = dropoutThreshold(rate);
  const scale = dropoutScale(rate);
  const mask = new Float32Array(size);
  for (let i = 0; i < size; i++) mask[i] = mix32((i ^ key) >>> 0) >>> 8 >= threshold ? scale : 0;
  return mask;
}

/**
 * One optimiser step for every element, in float64 from float32 inputs, writing float32 results
 * into `param` and `state` (PyTorch's formulas, dampening 0):
 * - g = grad + l2 * w + l1 * sign(w), w' = (1 - lr * weightDecay) * w
 * - sgd: w' -= lr * g
 * - momentum: v = momentum * v + g; w' -= lr * v;  nesterov: the same v, w' -= lr * (g + momentum * v)
 * - adam/adamw: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g²;
 *   w' -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 */
export function optimizerStepFloat64(optimizer: ResolvedOptimizer, factors: OptimizerFactors, param: Float32Array, grad: Float32Array, state: readonly Float32Array[]): void {
  const { kind, l1, l2, momentum, beta1, beta2, epsilon } = optimizer;
  const { decay, stepSize, biasCorrection2Sqrt } = factors;
  const [first, second] = state;
  for (let i = 0; i < param.length; i++) {
    const w = param[i] ?? 0;
    const g = (grad[i] ?? 0) + l2 * w + l1 * Math.sign(w);
    let update: number;
    if (kind === 'sgd') {
      update = g;
    } else if (kind === 'momentum' || kind === 'nesterov') {
      const velocity = momentum * (first?.[i] ?? 0) + g;
      if (first !== undefined) first[i] = velocity;
      update = kind === 'nesterov' ? g + momentum * velocity : velocity;
    } else {
      const m = beta1 * (first?.[i] ?? 0) + (1 - beta1) * g;
      const v = beta2 * (second?.[i] ?? 0) + (1 - beta2) * g * g;
      if (first !== undefined) first[i] = m;
      if (second !== undefined) second[i] = v;
      update = m / (Math.sqrt(v) / biasCorrection2Sqrt + epsilon);
    }
    param[i] = decay * w - stepSize * update;
  }
}

/** Loss values and gradients over float32 views, computed in float64 per row and rounded once. */

/** Returns the mean loss; writes `(softmax(z) - onehot(label)) / batch` into `grad`. */
export function softmaxCrossEntropyInto(grad: Float32Array, logits: Float32Array, labels: Float32Array, batch: number, classes: number): number {
  let total = 0;
  for (let i = 0; i < batch; i++) {
    const row = i * classes;
    let largest = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < classes; j++) {
      const value = logits[row + j] ?? Number.NaN;
      largest = value > largest || value !== value ? value : largest;
    }
    let sum = 0;
    for (let j = 0; j < classes; j++) sum += Math.exp((logits[row + j] ?? 0) - largest);
    const logSumExp = largest + Math.log(sum);
    const label = labels[i] ?? 0;
    total += logSumExp - (logits[row + label] ?? 0);
    for (let j = 0; j < classes; j++) grad[row + j] = (Math.exp((logits[row + j] ?? 0) - logSumExp) - (j === label ? 1 : 0)) / batch;
  }
  return total / batch;
}

/** Returns mean((p - t)^2); writes `2 (p - t) / n` into `grad`. */
export function meanSquaredErrorInto(grad: Float32Array, predictions: Float32Array, targets: Float32Array): number {
  const n = predictions.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const difference = (predictions[i] ?? 0) - (targets[i] ?? 0);
    total += difference * difference;
    grad[i] = (2 * difference) / n;
  }
  return total / n;
}

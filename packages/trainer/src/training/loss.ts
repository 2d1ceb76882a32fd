import type { DeviceTensor, LossResult, TrainingBackend } from '@rectify/activation-core';
import { RectifyError } from '@rectify/activation-core';

export type LossKind = 'cross_entropy' | 'mse';
export const lossKinds: readonly LossKind[] = ['cross_entropy', 'mse'];

export function checkLossKind(kind: string): LossKind {
  const found = lossKinds.find((candidate) => candidate === kind);
  if (found === undefined) throw new RectifyError('INVALID_OPTION', `Unknown loss "${kind}"; choose one of ${lossKinds.join(', ')}.`, { kind });
  return found;
}

/** Class indices as one-hot rows `[rows, classes]`: the targets of mean squared error. */
export function oneHot(labels: Float32Array, classes: number): Float32Array {
  const rows = new Float32Array(labels.length * classes);
  labels.forEach((label, row) => {
    rows[row * classes + label] = 1;
  });
  return rows;
}

/**
 * Targets of a batch for a loss: class indices `[batch]` for cross-entropy, one-hot rows for MSE.
 * Both are gathered on the device from tensors uploaded once.
 */
export interface LossTargets<T extends DeviceTensor> {
  readonly labels: T;
  readonly oneHot: T | undefined;
}

export function computeLoss<T extends DeviceTensor>(backend: TrainingBackend<T>, kind: LossKind, output: T, targets: LossTargets<T>): LossResult<T> {
  if (kind === 'cross_entropy') return backend.softmaxCrossEntropy(output, targets.labels);
  if (targets.oneHot === undefined) throw new RectifyError('INVALID_OPTION', 'mse needs one-hot targets.');
  return backend.meanSquaredError(output, targets.oneHot);
}

import type { DeviceTensor, TrainingBackend } from '@rectify/activation-core';
import { RectifyError } from '@rectify/activation-core';

/**
 * Reads back, in one wait, the sum of squares of every gradient (one `sumSquares` each) together with
 * `extra` tensors, and disposes all of them. One wait per step matters on a GPU.
 */
export async function readWithGradientSquares<T extends DeviceTensor>(backend: TrainingBackend<T>, grads: readonly T[], extra: readonly T[]): Promise<{ squares: Float32Array[]; extra: Float32Array[] }> {
  const squares = grads.map((grad) => backend.sumSquares(grad));
  const tensors = [...squares, ...extra];
  const values = await Promise.all(tensors.map((tensor) => backend.read(tensor)));
  for (const tensor of tensors) backend.dispose(tensor);
  return { squares: values.slice(0, squares.length), extra: values.slice(squares.length) };
}

/** L2 norm of each layer's gradient (all its parameters together) from per-gradient sums of squares. */
export function layerNorms(values: readonly Float32Array[], owners: readonly number[], layers: number): number[] {
  const totals = new Array<number>(layers).fill(0);
  values.forEach((value, index) => {
    const layer = owners[index] ?? 0;
    totals[layer] = (totals[layer] ?? 0) + (value[0] ?? Number.NaN);
  });
  return totals.map(Math.sqrt);
}

export function checkGradientClipping(clipNorm: number | undefined, clipValue: number | undefined): void {
  for (const [name, value] of [['clipNorm', clipNorm], ['clipValue', clipValue]] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) throw new RectifyError('INVALID_OPTION', `${name} must be a finite number > 0, got ${value}.`, { [name]: value });
  }
}

import type { ActivationDefinition } from '@rectify/activation-core';
import { referenceDerivative, referenceForward } from '@rectify/activation-core';
import { seededNormals } from './seeded-normal.js';

export type Initialiser = 'he' | 'xavier' | 'lecun';

export const initialisers: readonly { readonly id: Initialiser; readonly label: string }[] = [
  { id: 'he', label: 'He (Kaiming): std = sqrt(2 / fan_in)' },
  { id: 'xavier', label: 'Xavier (Glorot): std = sqrt(2 / (fan_in + fan_out))' },
  { id: 'lecun', label: 'LeCun: std = sqrt(1 / fan_in)' },
];

/** Standard deviation of normal initial weights for a layer. */
export function initialStd(initialiser: Initialiser, fanIn: number, fanOut: number): number {
  if (initialiser === 'he') return Math.sqrt(2 / fanIn);
  if (initialiser === 'xavier') return Math.sqrt(2 / (fanIn + fanOut));
  return Math.sqrt(1 / fanIn);
}

export interface DeepNetworkOptions {
  readonly depth: number;
  readonly width: number;
  readonly batch: number;
  readonly initialiser: Initialiser;
  /** Multiplies every initial weight: 1 is the initialiser as defined. */
  readonly weightScale: number;
  readonly seed: number;
}

export interface DepthStatistics {
  /** Standard deviation of each layer's outputs, layer 1 first. */
  readonly activationStd: number[];
  /** Frobenius norm of each layer's weight gradient for a unit-normal upstream gradient. */
  readonly gradientNorm: number[];
}

/** rows × inner times inner × columns, row-major. */
function matmul(left: Float64Array, right: Float64Array, rows: number, inner: number, columns: number, transposeRight = false): Float64Array {
  const out = new Float64Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    for (let k = 0; k < inner; k++) {
      const value = left[row * inner + k] ?? 0;
      if (value === 0) continue;
      for (let column = 0; column < columns; column++) {
        const weight = transposeRight ? right[column * inner + k] : right[k * columns + column];
        out[row * columns + column] = (out[row * columns + column] ?? 0) + value * (weight ?? 0);
      }
    }
  }
  return out;
}

function standardDeviation(values: Float64Array): number {
  const mean = values.reduce((total, value) => total + value, 0) / values.length;
  return Math.sqrt(values.reduce((total, value) => total + (value - mean) ** 2, 0) / values.length);
}

/**
 * A stack of square dense layers without biases, each followed by the activation, on a batch of
 * unit-normal inputs: the spread of each layer's outputs, then one backward pass from a
 * unit-normal gradient at the top with the norm of each layer's weight gradient. Activations and
 * derivatives come from core's float64 reference evaluator.
 */
export function depthStatistics(definition: ActivationDefinition, params: Readonly<Record<string, number>>, options: DeepNetworkOptions): DepthStatistics {
  const { depth, width, batch } = options;
  const std = initialStd(options.initialiser, width, width) * options.weightScale;
  const weights = Array.from({ length: depth }, (_, layer) => seededNormals(width * width, options.seed * 1000 + layer + 1).map((value) => value * std));
  const inputs: Float64Array[] = [seededNormals(batch * width, options.seed * 1000)];
  const preActivations: Float64Array[] = [];
  const activationStd: number[] = [];
  for (let layer = 0; layer < depth; layer++) {
    const z = matmul(inputs[layer] ?? new Float64Array(), weights[layer] ?? new Float64Array(), batch, width, width);
    preActivations.push(z);
    const output = referenceForward(definition, z, params);
    inputs.push(output);
    activationStd.push(standardDeviation(output));
  }
  const gradientNorm = new Array<number>(depth).fill(0);
  let upstream = seededNormals(batch * width, options.seed * 1000 + 999);
  for (let layer = depth - 1; layer >= 0; layer--) {
    const derivative = referenceDerivative(definition, preActivations[layer] ?? new Float64Array(), params);
    const gradZ = upstream.map((value, index) => value * (derivative[index] ?? 0));
    const input = inputs[layer] ?? new Float64Array();
    let squares = 0;
    for (let row = 0; row < width; row++) {
      for (let column = 0; column < width; column++) {
        let sum = 0;
        for (let sample = 0; sample < batch; sample++) sum += (input[sample * width + row] ?? 0) * (gradZ[sample * width + column] ?? 0);
        squares += sum * sum;
      }
    }
    gradientNorm[layer] = Math.sqrt(squares);
    upstream = matmul(gradZ, weights[layer] ?? new Float64Array(), batch, width, width, true);
  }
  return { activationStd, gradientNorm };
}

/** Scales every gradient by min(1, threshold / global norm), as clip-by-global-norm does. */
export function clipByGlobalNorm(norms: readonly number[], threshold: number): number[] {
  const global = Math.sqrt(norms.reduce((total, norm) => total + norm * norm, 0));
  const scale = global > threshold ? threshold / global : 1;
  return norms.map((norm) => norm * scale);
}

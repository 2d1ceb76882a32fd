/** The products of one training step of an MNIST MLP 784-128-64-10 at batch 64, for the GEMM benchmarks. */
import type { CpuBackend } from '../src/index.js';

export interface GemmCase {
  readonly name: string;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  /** relu(x · w + bias), the dense layer's forward. */
  readonly dense: boolean;
}

export const batch = 64;
const layers = [
  [784, 128],
  [128, 64],
  [64, 10],
] as const;

export const gemmCases: readonly GemmCase[] = layers.flatMap(([inputs, units]) => [
  { name: `dense ${batch}x${inputs}·${inputs}x${units} +bias relu`, m: batch, k: inputs, n: units, transposeA: false, transposeB: false, dense: true },
  { name: `dW  xᵀ·dz ${inputs}x${batch}·${batch}x${units}`, m: inputs, k: batch, n: units, transposeA: true, transposeB: false, dense: false },
  { name: `dx  dz·Wᵀ ${batch}x${units}·${units}x${inputs}`, m: batch, k: units, n: inputs, transposeA: false, transposeB: true, dense: false },
]);

export function randomValues(count: number, seed: number): Float32Array {
  let state = seed >>> 0;
  return Float32Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  });
}

export const gflops = (c: GemmCase, seconds: number): number => (2 * c.m * c.k * c.n) / seconds / 1e9;

/** One product as a call on `backend` (the dense forward with its relu epilogue), and its tensors' release. */
export function gemmCall(backend: CpuBackend, c: GemmCase): { readonly run: () => void; readonly dispose: () => void } {
  const a = backend.tensor(randomValues(c.m * c.k, 1), c.transposeA ? [c.k, c.m] : [c.m, c.k]);
  const b = backend.tensor(randomValues(c.k * c.n, 2), c.transposeB ? [c.n, c.k] : [c.k, c.n]);
  const bias = backend.tensor(randomValues(c.n, 3), [c.n]);
  const run = c.dense
    ? () => { backend.dispose(backend.denseForward(a, b, bias, { id: 'relu' }).output); }
    : () => { backend.dispose(backend.matmul(a, b, { transposeA: c.transposeA, transposeB: c.transposeB })); };
  return { run, dispose: () => { for (const tensor of [a, b, bias]) backend.dispose(tensor); } };
}

/** The operations and sizes the benchmark covers, and what one measured case is. */
import type { BenchInputs } from './inputs.js';

/** 'backward-from-output': the backward pass given the saved forward output y as well as x. */
export type Direction = 'forward' | 'backward' | 'backward-from-output';

export interface OpSpec {
  /** Activation id in the Rectify registry. */
  readonly id: string;
  readonly direction: Direction;
  /** Scalar parameters passed to Rectify (PReLU's per-channel slopes are added per case). */
  readonly params: Readonly<Record<string, number | string>>;
  /** Backward: the input gradient alone (`paramGradients: false`), which is all the peers' kernels compute. */
  readonly inputGradientOnly?: boolean;
}

export const fullSizes: readonly number[] = [1_000, 100_000, 1_000_000, 16_777_216];
export const quickSizes: readonly number[] = [1_000, 1_000_000];

const forward = (id: string, params: Readonly<Record<string, number | string>> = {}): OpSpec => ({ id, direction: 'forward', params });
const backward = (id: string, params: Readonly<Record<string, number | string>> = {}): OpSpec => ({ id, direction: 'backward', params });
const backwardFromOutput = (id: string, params: Readonly<Record<string, number | string>> = {}): OpSpec => ({ id, direction: 'backward-from-output', params });

export const allOps: readonly OpSpec[] = [
  forward('relu'),
  forward('leaky_relu', { alpha: 0.01 }),
  forward('prelu'),
  forward('elu', { alpha: 1 }),
  forward('selu'),
  forward('smooth/gelu', { approximate: 'none' }),
  forward('smooth/silu', { beta: 1 }),
  forward('relu6'),
  forward('hardtanh', { min_val: -1, max_val: 1 }),
  forward('threshold', { threshold: 1, value: 0 }),
  forward('celu', { alpha: 1 }),
  forward('smooth/mish'),
  forward('smooth/softplus', { beta: 1, threshold: 20 }),
  forward('sigmoid'),
  backward('relu'),
  backward('elu', { alpha: 1 }),
  backwardFromOutput('elu', { alpha: 1 }),
  backward('sigmoid'),
  backwardFromOutput('sigmoid'),
  backward('tanh'),
  backwardFromOutput('tanh'),
  { ...backward('smooth/silu', { beta: 1 }), inputGradientOnly: true },
  backward('smooth/gelu', { approximate: 'tanh' }),
];

export function opLabel(op: OpSpec): string {
  const name = op.params['approximate'] === 'tanh' ? `${op.id} (tanh)` : op.id;
  const label = op.direction === 'forward' ? name : op.direction === 'backward' ? `${name} bwd` : `${name} bwd (y)`;
  return op.inputGradientOnly === true ? `${label} (dx)` : label;
}

/**
 * Bytes moved per element: forward reads x and writes y; backward reads x and the gradient and
 * writes grad-in; backward from the output reads y instead of x (ELU's, with alpha >= 0), as the peers do.
 */
export function bytesPerElement(direction: Direction): number {
  return direction === 'forward' ? 8 : 12;
}

export interface Case {
  readonly op: OpSpec;
  readonly size: number;
  readonly threads: number;
  readonly inputs: BenchInputs;
}

/** Per-channel layout [N, C, S] used for PReLU: C = gcd(size, 64), S the largest divisor of size / C up to 4096. */
export function preluShape(size: number): readonly [number, number, number] {
  let channels = 64;
  while (size % channels !== 0) channels /= 2;
  const perChannel = size / channels;
  let spatial = Math.min(perChannel, 4096);
  while (perChannel % spatial !== 0) spatial -= 1;
  return [perChannel / spatial, channels, spatial];
}

/** Deterministic per-channel slopes around PReLU's default 0.25. */
export function preluSlopes(channels: number): Float32Array {
  return Float32Array.from({ length: channels }, (_, c) => 0.25 + 0.01 * (c % 7));
}

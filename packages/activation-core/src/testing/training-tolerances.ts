import { ulpDistance } from '../math/ulp.js';
import { matmulFloat64 } from '../reference/training-math.js';
import { ConformanceError } from './conformance.js';

/** Unit roundoff of float32: half an ulp of 1. */
export const unitRoundoff = 2 ** -24;

/**
 * The constant c of the accumulation bound `|actual - exact| <= c * 2^-24 * sum |terms|`. The
 * worst-case bound of a k-term float32 sum is about k; rounding errors of real kernels (blocked,
 * pairwise, FMA or not) behave like a random walk, so `2 sqrt(k) + 4` holds with a wide margin even
 * when every term has the same sign, yet a wrong term (an index off by one, a dropped tail) exceeds
 * it by orders of magnitude.
 */
export const accumulationFactor = (terms: number): number => 2 * Math.sqrt(terms) + 4;

const format = (value: number): string => (Object.is(value, -0) ? '-0' : String(value));

function report(label: string, failures: readonly string[], total: number, rule: string): void {
  if (failures.length > 0) throw new ConformanceError(`${label}: ${failures.length} of ${total} outside ${rule}; first: ${failures.slice(0, 5).join('; ')}`);
}

/** Every element within an absolute bound (NaN must meet NaN). */
export function assertWithinBound(label: string, expected: ArrayLike<number>, actual: ArrayLike<number>, bound: (index: number) => number, rule: string): void {
  if (actual.length !== expected.length) throw new ConformanceError(`${label}: got ${actual.length} values, expected ${expected.length}.`);
  const failures: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] ?? Number.NaN;
    const a = actual[i] ?? Number.NaN;
    if (Number.isNaN(e) || Number.isNaN(a)) {
      if (Number.isNaN(e) !== Number.isNaN(a)) failures.push(`[${i}] expected ${format(e)}, got ${format(a)}`);
      continue;
    }
    if (e === a) continue;
    const allowed = bound(i);
    if (!(Math.abs(a - e) <= allowed)) failures.push(`[${i}] expected ${format(e)}, got ${format(a)} (error ${Math.abs(a - e)}, allowed ${allowed})`);
  }
  report(label, failures, expected.length, rule);
}

/** Every element within `ulps` float32 ulps (0: bit for bit, -0 and +0 apart only in sign). */
export function assertUlps(label: string, expected: ArrayLike<number>, actual: ArrayLike<number>, ulps: number, ignoreBelow = 0): void {
  if (actual.length !== expected.length) throw new ConformanceError(`${label}: got ${actual.length} values, expected ${expected.length}.`);
  const failures: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] ?? Number.NaN;
    const a = actual[i] ?? Number.NaN;
    if (Math.abs(e) < ignoreBelow && Math.abs(a) < ignoreBelow) continue;
    const distance = ulpDistance(e, a);
    if (distance > ulps) failures.push(`[${i}] expected ${format(e)}, got ${format(a)} (${distance} ulp)`);
  }
  report(label, failures, expected.length, `${ulps} ulp`);
}

/** Bit-for-bit equality, telling +0 from -0. */
export function assertIdentical(label: string, expected: ArrayLike<number>, actual: ArrayLike<number>): void {
  if (actual.length !== expected.length) throw new ConformanceError(`${label}: got ${actual.length} values, expected ${expected.length}.`);
  const failures: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(expected[i], actual[i])) failures.push(`[${i}] expected ${format(expected[i] ?? Number.NaN)}, got ${format(actual[i] ?? Number.NaN)}`);
  }
  report(label, failures, expected.length, 'bit-for-bit equality');
}

/**
 * Input gradients within `ulps` ulps, or within `ulps` ulps of 1 times |gradOutput| (derivative
 * formulas lose relative accuracy where an activation saturates; there the error is absolute).
 */
export function assertGradientUlps(label: string, upstream: ArrayLike<number>, expected: ArrayLike<number>, actual: ArrayLike<number>, ulps: number, ignoreBelow: number): void {
  if (actual.length !== expected.length) throw new ConformanceError(`${label}: got ${actual.length} values, expected ${expected.length}.`);
  const failures: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] ?? Number.NaN;
    const a = actual[i] ?? Number.NaN;
    if (Math.abs(e) < ignoreBelow && Math.abs(a) < ignoreBelow) continue;
    const distance = ulpDistance(e, a);
    if (distance > ulps && !(Math.abs(a - e) <= ulps * 2 ** -23 * Math.abs(upstream[i] ?? 0))) failures.push(`[${i}] expected ${format(e)}, got ${format(a)} (${distance} ulp)`);
  }
  report(label, failures, expected.length, `${ulps} ulp (or ${ulps} ulp of |gradOutput|)`);
}

/** Sums within `relative` of the expected value, relative to max(1, |expected|). */
export function assertRelative(label: string, expected: ArrayLike<number>, actual: ArrayLike<number>, relative: number): void {
  assertWithinBound(label, expected, actual, (i) => relative * Math.max(1, Math.abs(expected[i] ?? 0)), `relative error ${relative}`);
}

/**
 * The per-element bound of a float32 matrix product `op(a) · op(b)` (+ bias):
 * `accumulationFactor(k + 1) * 2^-24 * (sum_k |a_ik| |b_kj| + |bias_j|)`.
 */
export function matmulBound(a: Float32Array, b: Float32Array, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean, bias?: Float32Array): Float64Array {
  const magnitudes = matmulFloat64(a.map(Math.abs), b.map(Math.abs), m, k, n, transposeA, transposeB);
  const factor = accumulationFactor(k + (bias === undefined ? 0 : 1)) * unitRoundoff;
  return magnitudes.map((value, index) => factor * (value + Math.abs(bias?.[index % n] ?? 0)));
}

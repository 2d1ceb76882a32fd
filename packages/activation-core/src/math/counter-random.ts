/**
 * A counter-based generator: the draw for element `index` under `seed` is a pure function of both,
 * so forward and backward (and every backend) reproduce the same value without storing it.
 * The mixer is the 32-bit "lowbias32" integer hash; every step is a 32-bit integer operation that
 * WGSL and WebAssembly express directly.
 */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** Per-seed key, computed once per call. */
export const seedKey = (seed: number): number => mix32((seed + 0x9e3779b9) >>> 0);

/** U[0, 1) with 24 random bits, so the value is exact in float32. */
export function uniformAt(key: number, index: number): number {
  return (mix32((index ^ key) >>> 0) >>> 8) / 16777216;
}

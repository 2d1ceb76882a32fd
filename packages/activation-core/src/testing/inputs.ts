/** Deterministic generator for test inputs (mulberry32), so failures reproduce. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function normalSamples(count: number, seed: number, scale = 1): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const u = 1 - random();
    const v = random();
    return scale * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  });
}

/** ±0, denormals, the float32 extremes, infinities and NaN. */
export const specialInputs: readonly number[] = [
  0, -0, 1e-45, -1e-45, 1e-40, -1e-40, 1.1754943508222875e-38, -1.1754943508222875e-38,
  1e-7, -1e-7, 1, -1, 88, -88, 89, -104, 1e30, -1e30, 3.4028234663852886e38, -3.4028234663852886e38,
  Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN,
];

/** Float32 neighbours of each kink: the kink itself and the floats just below and above it. */
export function aroundKinks(kinks: readonly number[]): number[] {
  const result: number[] = [];
  const scratch = new Float32Array(1);
  const bits = new Int32Array(scratch.buffer);
  for (const kink of kinks) {
    if (kink === 0) {
      result.push(-1e-45, 0, 1e-45);
    } else {
      scratch[0] = kink;
      const center = bits[0] ?? 0;
      for (const step of [-1, 0, 1]) {
        bits[0] = center + step;
        result.push(scratch[0]);
      }
    }
    result.push(kink - 1e-3, kink + 1e-3);
  }
  return result;
}

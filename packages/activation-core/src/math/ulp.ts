const scratch = new Float32Array(1);
const scratchBits = new Int32Array(scratch.buffer);

/** Maps a float32 onto an integer line where adjacent floats differ by 1 (and -0 meets +0). */
function orderedBits(value: number): number {
  scratch[0] = value;
  const bits = scratchBits[0] ?? 0;
  return bits < 0 ? -(bits & 0x7fffffff) : bits;
}

/**
 * Distance in float32 units in the last place between two float32 values; 0 when both are NaN,
 * Infinity when exactly one is NaN.
 */
export function ulpDistance(a: number, b: number): number {
  const aNaN = Number.isNaN(a);
  const bNaN = Number.isNaN(b);
  if (aNaN || bNaN) return aNaN && bNaN ? 0 : Number.POSITIVE_INFINITY;
  return Math.abs(orderedBits(a) - orderedBits(b));
}

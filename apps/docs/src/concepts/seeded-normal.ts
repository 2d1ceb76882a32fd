import { seedKey, uniformAt } from '@rectify/activation-core';

/** n standard normal draws from core's counter-based generator (Box–Muller): the same for a seed everywhere. */
export function seededNormals(count: number, seed: number): Float64Array {
  const key = seedKey(seed);
  const values = new Float64Array(count);
  for (let index = 0; index < count; index += 2) {
    // Shift u1 into (0, 1] so the logarithm stays finite.
    const u1 = 1 - uniformAt(key, index);
    const u2 = uniformAt(key, index + 1);
    const radius = Math.sqrt(-2 * Math.log(u1));
    values[index] = radius * Math.cos(2 * Math.PI * u2);
    if (index + 1 < count) values[index + 1] = radius * Math.sin(2 * Math.PI * u2);
  }
  return values;
}

import { seedKey, uniformAt } from '@rectify/activation-core';

/** The L2-penalised least-squares solution for one weight w with an orthonormal design: w / (1 + lambda). */
export const ridgeShrink = (weight: number, lambda: number): number => weight / (1 + lambda);

/** The L1-penalised solution (soft thresholding): exactly 0 once |w| <= lambda. */
export function lassoShrink(weight: number, lambda: number): number {
  const magnitude = Math.max(Math.abs(weight) - lambda, 0);
  return magnitude === 0 ? 0 : Math.sign(weight) * magnitude;
}

/**
 * Inverted dropout on a constant input of 1: each element is kept when core's counter-based draw is
 * at least the rate, and scaled by 1 / (1 - rate). Returns the share kept and the mean output.
 */
export function dropoutOnOnes(rate: number, count: number, seed: number): { kept: number; mean: number } {
  const key = seedKey(seed);
  let kept = 0;
  for (let index = 0; index < count; index++) if (uniformAt(key, index) >= rate) kept += 1;
  return { kept: kept / count, mean: rate >= 1 ? 0 : kept / count / (1 - rate) };
}

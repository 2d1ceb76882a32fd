import { dropoutScale, dropoutThreshold, seedKey } from '@rectify/activation-core';

/**
 * Inverted dropout with core's counter-based rule: element i is kept iff
 * `mix32((i ^ seedKey(seed)) >>> 0) >>> 8 >= dropoutThreshold(rate)` (the lowbias32 hash inlined).
 */
export function dropoutInto(output: Float32Array, mask: Float32Array, input: Float32Array, rate: number, seed: number): void {
  const key = seedKey(seed);
  const threshold = dropoutThreshold(rate);
  const scale = dropoutScale(rate);
  for (let i = 0; i < input.length; i++) {
    let h = (i ^ key) >>> 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x7feb352d) >>> 0;
    h ^= h >>> 15;
    h = Math.imul(h, 0x846ca68b) >>> 0;
    h ^= h >>> 16;
    const factor = h >>> 8 >= threshold ? scale : 0;
    mask[i] = factor;
    output[i] = (input[i] ?? 0) * factor;
  }
}

import { mix32, RectifyError, seedKey } from '@rectify/activation-core';

const twoTo24 = 16777216;
const twoTo48 = twoTo24 * twoTo24;

/**
 * A seeded generator built on core's counter-based mixer: draw `n` of seed `s` is a pure function of
 * both, so a run is reproduced exactly from its seed on every platform.
 */
export class SeededRandom {
  private readonly key: number;
  private counter = 0;
  private spareNormal: number | undefined;

  constructor(readonly seed: number) {
    if (!Number.isInteger(seed)) throw new RectifyError('INVALID_OPTION', `seed must be an integer, got ${seed}.`, { seed });
    this.key = seedKey(seed);
  }

  private bits24(): number {
    const value = mix32((this.counter ^ this.key) >>> 0) >>> 8;
    this.counter = (this.counter + 1) >>> 0;
    return value;
  }

  /** Uniform in [0, 1) with 48 random bits. */
  uniform(): number {
    return (this.bits24() * twoTo24 + this.bits24()) / twoTo48;
  }

  /** Uniform in [low, high). */
  between(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** Integer in [0, count). */
  integer(count: number): number {
    return Math.floor(this.uniform() * count);
  }

  /** Standard normal draw (Box-Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const spare = this.spareNormal;
      this.spareNormal = undefined;
      return spare;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const angle = 2 * Math.PI * this.uniform();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** A permutation of 0..count-1 (Fisher-Yates). */
  permutation(count: number): Int32Array {
    const order = new Int32Array(count);
    for (let index = 0; index < count; index++) order[index] = index;
    for (let index = count - 1; index > 0; index--) {
      const other = this.integer(index + 1);
      const held = order[index] ?? 0;
      order[index] = order[other] ?? 0;
      order[other] = held;
    }
    return order;
  }

  /** An independent generator for a named purpose, so adding draws in one place never shifts another. */
  fork(label: string): SeededRandom {
    let hash = this.key;
    for (let index = 0; index < label.length; index++) hash = mix32((hash ^ label.charCodeAt(index)) >>> 0);
    return new SeededRandom(hash | 0);
  }
}

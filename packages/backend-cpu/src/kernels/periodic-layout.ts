import type { Blocks } from './kernel-layout.js';

/**
 * Per-channel values for short channel blocks. With the channel axis last ([batch, features], stride
 * 1) or small spatial sizes, a block holds a few elements and a kernel walking block by block spends
 * its time on block set-up and scalar tails. The channel of element i repeats with period
 * stride * channels, so the kernel instead loads a vector of per-element values from a table of one
 * period at i mod period, and adds each
 * parameter's gradient contributions into a float32 table laid out the same way, folded now and
 * then into a float64 one, which the runner folds into per-channel sums.
 */
export interface PeriodicLayout {
  /** Elements per period: a multiple of stride * channels, at least 16. */
  readonly period: number;
  /**
   * Entries per table: period + 15, since a loop iteration of four vectors starting at the last
   * element of a period reads 15 entries past it (the phase then wraps once per iteration), rounded
   * up to whole vectors (periodicTableLength).
   */
  readonly tableLength: number;
}

/** Table entries past the period (the next period's first ones again). */
export const overhang = 15;

/**
 * Entries per table for a period: period + overhang rounded up to a multiple of four, so that the
 * kernel folds its float32 gradient tables into the float64 ones a vector at a time. The kernel
 * computes the same, as (period + overhang + 3) & -4.
 */
export const periodicTableLength = (period: number): number => (period + overhang + 3) & -4;

/** Blocks at least this long keep the block walk, whose set-up is then a small share of the work. */
const minimumBlockElements = 64;
/** Tables longer than this would cost more to fill than blocks cost to walk. */
const maximumPeriod = 1 << 16;

/**
 * The periodic layout for `length` elements in these blocks, or undefined where channel blocks serve
 * better: blocks of 64 elements and more, and calls too short to repay filling tables of a period
 * (at most a quarter of the call).
 */
export function periodicLayout(blocks: Blocks, length: number): PeriodicLayout | undefined {
  const { stride, channels } = blocks;
  if (channels <= 1 || stride >= minimumBlockElements) return undefined;
  const base = stride * channels;
  const period = base * Math.ceil(16 / base);
  if (period > maximumPeriod || period * 4 > length) return undefined;
  return { period, tableLength: periodicTableLength(period) };
}

/** Floats the slot values of a periodic call take: the scalars, then one table per per-channel slot. */
export function periodicSlotsLength(values: Float32Array, scalarCount: number, blocks: Blocks, layout: PeriodicLayout): number {
  return scalarCount + ((values.length - scalarCount) / blocks.channels) * layout.tableLength;
}

/**
 * Writes the slot values of a periodic call into `target` from `offset`: the scalar values as they
 * are, then one table per per-channel slot in place of its `channels` values.
 */
export function writePeriodicSlots(target: Float32Array, offset: number, values: Float32Array, scalarCount: number, blocks: Blocks, layout: PeriodicLayout): void {
  const { stride, channels } = blocks;
  for (let slot = 0; slot < scalarCount; slot++) target[offset + slot] = values[slot] ?? 0;
  const slotCount = (values.length - scalarCount) / channels;
  const round = stride * channels;
  for (let slot = 0; slot < slotCount; slot++) {
    const from = scalarCount + slot * channels;
    const table = offset + scalarCount + slot * layout.tableLength;
    // One round of the channels, then copies of it: the period is a whole number of rounds, and the
    // entries past it repeat its first ones.
    if (stride === 1) target.set(values.subarray(from, from + channels), table);
    else for (let channel = 0; channel < channels; channel++) target.fill(values[from + channel] ?? 0, table + channel * stride, table + (channel + 1) * stride);
    for (let start = round; start < layout.period; start += round) target.copyWithin(table + start, table, table + round);
    target.copyWithin(table + layout.period, table, table + layout.tableLength - layout.period);
  }
}

/**
 * Per-channel sums, `channels` per parameter, from the float64 tables of a periodic call, written
 * over the first parameterCount * channels entries of `target`.
 */
export function foldPeriodicSums(tables: Float64Array, parameterCount: number, blocks: Blocks, layout: PeriodicLayout, target: Float64Array): void {
  const { stride, channels } = blocks;
  target.fill(0, 0, parameterCount * channels);
  for (let parameter = 0; parameter < parameterCount; parameter++) {
    const table = parameter * layout.tableLength;
    const first = parameter * channels;
    let channel = 0;
    let left = stride;
    // Entries past the period hold contributions of the period's first elements, and the period is
    // a whole number of channel rounds, so the walk continues into them unchanged.
    for (let entry = 0; entry < layout.tableLength; entry++) {
      target[first + channel] = (target[first + channel] ?? 0) + (tables[table + entry] ?? 0);
      if (--left === 0) {
        left = stride;
        channel = channel + 1 === channels ? 0 : channel + 1;
      }
    }
  }
}

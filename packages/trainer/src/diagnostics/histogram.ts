/** Counts of values in equal-width bins between `min` and `max` (the data's range); non-finite values counted apart. */
export interface Histogram {
  readonly min: number;
  readonly max: number;
  readonly counts: readonly number[];
  readonly nonFinite: number;
}

export function histogram(values: ArrayLike<number>, bins = 30): Histogram {
  let min = Infinity;
  let max = -Infinity;
  let nonFinite = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index] ?? Number.NaN;
    if (!Number.isFinite(value)) {
      nonFinite += 1;
      continue;
    }
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const counts = new Array<number>(bins).fill(0);
  if (min > max) return { min: 0, max: 0, counts, nonFinite };
  const width = max > min ? (max - min) / bins : 1;
  for (let index = 0; index < values.length; index++) {
    const value = values[index] ?? Number.NaN;
    if (!Number.isFinite(value)) continue;
    const bin = Math.min(bins - 1, Math.floor((value - min) / width));
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return { min, max, counts, nonFinite };
}

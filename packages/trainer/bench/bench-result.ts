/** One benchmark row: a peer at a thread count, its per-epoch training speed and final test accuracy. */
export interface BenchResult {
  readonly peer: string;
  readonly threads: number;
  readonly samplesPerSecond: readonly number[];
  readonly testAccuracy: number;
  readonly note?: string;
}

export interface BenchPlan {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly seed: number;
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
};

import type { GpuTimer } from './gpu-timer.js';

/** The time in milliseconds of one call of `run`. */
export type Timing = (run: () => unknown) => Promise<number>;

/** Wall time from the call to the settling of what `run` returns. */
export const wallTime: Timing = async (run) => {
  const start = performance.now();
  await run();
  return performance.now() - start;
};

/** GPU time of the compute passes `run` encodes through the timer's device (timestamp queries). */
export const gpuTime =
  (timer: GpuTimer): Timing =>
  async (run) => {
    timer.arm();
    await run();
    return timer.gpuMilliseconds();
  };

/**
 * The median of each of `timedRuns` (each times one call and returns milliseconds), called in turn
 * (first, second, ..., first, ...) so that a drift in the machine's speed reaches all of them alike,
 * after `warmups` rounds that are not counted.
 */
export async function interleavedMedians(timedRuns: readonly (() => Promise<number>)[], rounds = 15, warmups = 3): Promise<number[]> {
  const times = timedRuns.map((): number[] => []);
  for (let round = 0; round < warmups + rounds; round++) {
    for (const [index, timedRun] of timedRuns.entries()) {
      const elapsed = await timedRun();
      if (round >= warmups) times[index]?.push(elapsed);
    }
  }
  return times.map(median);
}

/** Median wall time in milliseconds of `runs` calls of `run`, after `warmups` calls that are not counted. */
export async function medianTime(run: () => unknown, runs = 15, warmups = 3): Promise<number> {
  const [time = Number.NaN] = await interleavedMedians([() => wallTime(run)], runs, warmups);
  return time;
}

/** Median GPU time in milliseconds of the compute passes of each call of `run` (timestamp queries). */
export async function medianGpuTime(timer: GpuTimer, run: () => unknown, runs = 15, warmups = 3): Promise<number> {
  const [time = Number.NaN] = await interleavedMedians([() => gpuTime(timer)(run)], runs, warmups);
  return time;
}

/** The median of `values` (sorted in place). */
export function median(values: number[]): number {
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)] ?? Number.NaN;
}

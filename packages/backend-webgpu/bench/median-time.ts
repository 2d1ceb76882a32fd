import type { GpuTimer } from './gpu-timer.js';

/** Median wall time in milliseconds of `runs` calls of `run`, after `warmups` calls that are not counted. */
export async function medianTime(run: () => unknown, runs = 15, warmups = 3): Promise<number> {
  const times: number[] = [];
  for (let k = 0; k < warmups + runs; k++) {
    const start = performance.now();
    await run();
    if (k >= warmups) times.push(performance.now() - start);
  }
  return median(times);
}

/** Median GPU time in milliseconds of the compute passes of each call of `run` (timestamp queries). */
export async function medianGpuTime(timer: GpuTimer, run: () => unknown, runs = 15, warmups = 3): Promise<number> {
  const times: number[] = [];
  for (let k = 0; k < warmups + runs; k++) {
    timer.arm();
    await run();
    const elapsed = await timer.gpuMilliseconds();
    if (k >= warmups) times.push(elapsed);
  }
  return median(times);
}

/** The median of `values` (sorted in place). */
export function median(values: number[]): number {
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)] ?? Number.NaN;
}

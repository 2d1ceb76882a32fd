/** Median wall time in milliseconds of `runs` calls of `run`, after `warmups` calls that are not counted. */
export async function medianTime(run: () => unknown, runs = 15, warmups = 3): Promise<number> {
  const times: number[] = [];
  for (let k = 0; k < warmups + runs; k++) {
    const start = performance.now();
    await run();
    if (k >= warmups) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

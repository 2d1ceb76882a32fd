/**
 * Timing: calls are grouped into samples long enough for the timer to resolve, samples are repeated
 * until the measurement has taken about `targetSeconds`, and the median time per call is reported.
 */
import type { AsyncRunner, SyncRunner } from './peers/peer.js';

export interface MeasureOptions {
  /** Wall time one measurement should take (warm-up excluded). */
  readonly targetSeconds: number;
  /** Shortest sample; short calls are repeated inside a sample to reach it. */
  readonly minSampleSeconds: number;
  readonly minSamples: number;
  /** Minimum samples when a single call is slower than 0.1 s. */
  readonly minSlowSamples: number;
  readonly maxSamples: number;
}

export const fullMeasure: MeasureOptions = { targetSeconds: 0.3, minSampleSeconds: 0.002, minSamples: 7, minSlowSamples: 3, maxSamples: 300 };
export const quickMeasure: MeasureOptions = { targetSeconds: 0.05, minSampleSeconds: 0.001, minSamples: 3, minSlowSamples: 2, maxSamples: 50 };

export interface Measurement {
  readonly secondsPerCall: number;
  readonly samples: number;
  readonly callsPerSample: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid];
  if (upper === undefined) throw new RangeError('median of no values');
  return sorted.length % 2 === 1 ? upper : (upper + (sorted[mid - 1] ?? upper)) / 2;
}

const now = (): number => Number(process.hrtime.bigint()) / 1e9;

/** Number of samples and calls per sample for a call that takes `estimate` seconds. */
function schedule(estimate: number, options: MeasureOptions): { samples: number; callsPerSample: number } {
  const perCall = Math.max(estimate, 1e-9);
  const callsPerSample = Math.max(1, Math.ceil(options.minSampleSeconds / perCall));
  const minSamples = perCall > 0.1 ? options.minSlowSamples : options.minSamples;
  const wanted = Math.round(options.targetSeconds / (perCall * callsPerSample));
  return { samples: Math.min(options.maxSamples, Math.max(minSamples, wanted)), callsPerSample };
}

export function measureSync(runner: SyncRunner, options: MeasureOptions): Measurement {
  let start = now();
  let calls = 0;
  // Warm-up: at least 3 calls and 20 ms (or 5 % of the target), which also estimates the call time.
  while (calls < 3 || now() - start < Math.min(0.02, options.targetSeconds / 20)) {
    runner.run();
    calls += 1;
  }
  const { samples, callsPerSample } = schedule((now() - start) / calls, options);
  const times: number[] = [];
  for (let s = 0; s < samples; s += 1) {
    start = now();
    for (let c = 0; c < callsPerSample; c += 1) runner.run();
    times.push((now() - start) / callsPerSample);
  }
  return { secondsPerCall: median(times), samples, callsPerSample };
}

export async function measureAsync(runner: AsyncRunner, options: MeasureOptions): Promise<Measurement> {
  let start = now();
  let calls = 0;
  while (calls < 3 || now() - start < Math.min(0.02, options.targetSeconds / 20)) {
    await runner.run();
    calls += 1;
  }
  const { samples, callsPerSample } = schedule((now() - start) / calls, options);
  const times: number[] = [];
  for (let s = 0; s < samples; s += 1) {
    start = now();
    for (let c = 0; c < callsPerSample; c += 1) await runner.run();
    times.push((now() - start) / callsPerSample);
  }
  return { secondsPerCall: median(times), samples, callsPerSample };
}

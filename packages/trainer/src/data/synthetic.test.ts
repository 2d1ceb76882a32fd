import { describe, expect, it } from 'vitest';
import { syntheticDataset, syntheticKinds } from './synthetic.js';

describe('syntheticDataset', () => {
  it.each(syntheticKinds)('%s is seeded and balanced', (kind) => {
    const a = syntheticDataset(kind, { rows: 400, seed: 4 });
    expect(a.inputs).toEqual(syntheticDataset(kind, { rows: 400, seed: 4 }).inputs);
    expect(a.inputs).not.toEqual(syntheticDataset(kind, { rows: 400, seed: 5 }).inputs);
    const ones = a.labels.reduce((total, label) => total + label, 0);
    expect(ones / a.rows).toBeGreaterThan(0.4);
    expect(ones / a.rows).toBeLessThan(0.6);
  });

  it('xor labels follow the quadrant without noise', () => {
    const dataset = syntheticDataset('xor', { rows: 200, noise: 0 });
    for (let row = 0; row < dataset.rows; row++) {
      const x = dataset.inputs[row * 2] ?? 0;
      const y = dataset.inputs[row * 2 + 1] ?? 0;
      expect(dataset.labels[row]).toBe(x * y >= 0 ? 0 : 1);
    }
  });

  it('circles separate by radius without noise', () => {
    const dataset = syntheticDataset('circles', { rows: 200, noise: 0 });
    for (let row = 0; row < dataset.rows; row++) {
      const radius = Math.hypot(dataset.inputs[row * 2] ?? 0, dataset.inputs[row * 2 + 1] ?? 0);
      expect(radius < 0.6).toBe(dataset.labels[row] === 0);
    }
  });

  it('spiral and gaussian take more classes', () => {
    expect(syntheticDataset('spiral', { classes: 3, rows: 300 }).classes).toBe(3);
    expect(new Set(syntheticDataset('gaussian', { classes: 4, rows: 300 }).labels).size).toBe(4);
  });

  it('rejects unknown kinds and bad options', () => {
    expect(() => syntheticDataset('moons')).toThrow(/Unknown synthetic data set "moons"/);
    expect(() => syntheticDataset('xor', { noise: -1 })).toThrow(/noise/);
  });
});

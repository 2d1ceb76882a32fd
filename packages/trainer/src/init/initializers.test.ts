import { isRectifyError } from '@rectify/activation-core';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../random/seeded-random.js';
import { initializeWeights, parseInitializerName } from './initializers.js';

const moments = (values: Float32Array): { mean: number; std: number; maxAbs: number } => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance), maxAbs: values.reduce((a, b) => Math.max(a, Math.abs(b)), 0) };
};

const shape = { fanIn: 400, fanOut: 100 };

describe('initializeWeights', () => {
  it('he_normal has std gain / sqrt(fan_in), or fan_out in that mode', () => {
    expect(moments(initializeWeights({ name: 'he_normal' }, shape, Math.SQRT2, new SeededRandom(1)).values).std).toBeCloseTo(Math.SQRT2 / 20, 2);
    expect(moments(initializeWeights({ name: 'he_normal', mode: 'fan_out' }, shape, Math.SQRT2, new SeededRandom(1)).values).std).toBeCloseTo(Math.SQRT2 / 10, 2);
  });

  it('he_uniform stays within gain * sqrt(3 / fan_in) and fills it', () => {
    const bound = Math.SQRT2 * Math.sqrt(3 / 400);
    const { maxAbs, std } = moments(initializeWeights({ name: 'he_uniform' }, shape, Math.SQRT2, new SeededRandom(2)).values);
    expect(maxAbs).toBeLessThanOrEqual(bound);
    expect(maxAbs).toBeGreaterThan(bound * 0.99);
    expect(std).toBeCloseTo(bound / Math.sqrt(3), 3);
  });

  it('xavier uses fan_in + fan_out with gain 1 by default; lecun_normal uses 1 / sqrt(fan_in)', () => {
    expect(moments(initializeWeights({ name: 'xavier_normal' }, shape, 5, new SeededRandom(3)).values).std).toBeCloseTo(Math.sqrt(2 / 500), 3);
    expect(moments(initializeWeights({ name: 'xavier_uniform' }, shape, 5, new SeededRandom(3)).values).maxAbs).toBeLessThanOrEqual(Math.sqrt(6 / 500));
    expect(moments(initializeWeights({ name: 'lecun_normal' }, shape, 5, new SeededRandom(3)).values).std).toBeCloseTo(1 / 20, 3);
  });

  it('orthogonal gives orthonormal columns times the gain', () => {
    for (const [rows, cols] of [[6, 4], [4, 6]] as const) {
      const w = initializeWeights({ name: 'orthogonal' }, { fanIn: rows, fanOut: cols }, 2, new SeededRandom(4)).values;
      const small = Math.min(rows, cols);
      for (let a = 0; a < small; a++) {
        for (let b = 0; b < small; b++) {
          let dot = 0;
          if (rows >= cols) for (let r = 0; r < rows; r++) dot += (w[r * cols + a] ?? 0) * (w[r * cols + b] ?? 0);
          else for (let c = 0; c < cols; c++) dot += (w[a * cols + c] ?? 0) * (w[b * cols + c] ?? 0);
          expect(dot).toBeCloseTo(a === b ? 4 : 0, 5);
        }
      }
    }
  });

  it('zeros warns', () => {
    const result = initializeWeights({ name: 'zeros' }, shape, 1, new SeededRandom(0));
    expect(result.values.every((value) => value === 0)).toBe(true);
    expect(result.warning).toMatch(/learn the same thing/);
  });

  it('names initialisers and their aliases, and rejects unknown ones', () => {
    expect(parseInitializerName('kaiming_uniform')).toBe('he_uniform');
    expect(parseInitializerName('glorot_normal')).toBe('xavier_normal');
    let caught: unknown;
    try {
      parseInitializerName('he');
    } catch (error) {
      caught = error;
    }
    expect(isRectifyError(caught, 'INVALID_OPTION')).toBe(true);
    expect(String(caught)).toMatch(/Unknown initialiser "he"/);
  });
});

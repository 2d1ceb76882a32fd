import { describe, expect, it } from 'vitest';
import { referenceBackward, referenceForward } from '../reference/evaluate.js';
import { expectMatchesPyTorch } from '../../../../test-support/pytorch-golden.js';
import { rrelu } from './rrelu.js';

describe('rrelu', () => {
  it('matches PyTorch in evaluation mode (the mean slope)', () => {
    expectMatchesPyTorch(rrelu);
  });

  it('draws a slope in [lower, upper) per element in training mode, repeatably for a seed', () => {
    const input = Array.from({ length: 2000 }, () => -1);
    const first = referenceForward(rrelu, input, {}, { training: true, seed: 3 });
    const again = referenceForward(rrelu, input, {}, { training: true, seed: 3 });
    const other = referenceForward(rrelu, input, {}, { training: true, seed: 4 });
    const slopes = Array.from(first, (value) => -value);
    expect(Math.min(...slopes)).toBeGreaterThanOrEqual(1 / 8);
    expect(Math.max(...slopes)).toBeLessThan(1 / 3);
    expect(new Set(slopes).size).toBeGreaterThan(1900);
    expect(Array.from(again)).toEqual(Array.from(first));
    expect(Array.from(other)).not.toEqual(Array.from(first));
    const mean = slopes.reduce((total, slope) => total + slope, 0) / slopes.length;
    expect(mean).toBeCloseTo((1 / 8 + 1 / 3) / 2, 2);
  });

  it('uses the same draws in backward as in forward for a seed', () => {
    const input = [-1, -2, -3, 4];
    const forward = referenceForward(rrelu, input, {}, { training: true, seed: 9 });
    const { gradInput } = referenceBackward(rrelu, input, [1, 1, 1, 1], {}, { training: true, seed: 9 });
    input.forEach((x, index) => {
      expect(gradInput[index]).toBeCloseTo(x > 0 ? 1 : (forward[index] ?? 0) / x, 14);
    });
  });
});

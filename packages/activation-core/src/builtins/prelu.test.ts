import { describe, expect, it } from 'vitest';
import { referenceBackward, referenceForward } from '../reference/evaluate.js';
import { expectMatchesPyTorch } from '../../../../test-support/pytorch-golden.js';
import { prelu } from './prelu.js';

describe('prelu', () => {
  it('matches PyTorch, including the per-element slope gradient', () => {
    expectMatchesPyTorch(prelu);
  });

  it('declares a learnable, per-channel slope starting at 0.25', () => {
    expect(prelu.params.alpha).toMatchObject({ default: 0.25, learnable: true, perChannel: true });
  });

  it('applies one slope per channel on axis 1 and sums the slope gradient per channel', () => {
    // shape [2, 2, 2]: element i belongs to channel floor(i / 2) % 2
    const input = [-1, -2, -3, -4, -5, -6, -7, 8];
    const alpha = [0.1, 0.5];
    const output = referenceForward(prelu, input, { alpha }, { shape: [2, 2, 2] });
    [-0.1, -0.2, -1.5, -2, -0.5, -0.6, -3.5, 8].forEach((expected, index) => {
      expect(output[index]).toBeCloseTo(expected, 15);
    });
    const { gradParams } = referenceBackward(prelu, input, [1, 1, 1, 1, 1, 1, 1, 1], { alpha }, { shape: [2, 2, 2] });
    expect(Array.from(gradParams['alpha'] as Float64Array)).toEqual([-1 - 2 - 5 - 6, -3 - 4 - 7]);
  });
});

import { describe, expect, it } from 'vitest';
import { referenceDerivativeAt, referenceForward } from '../reference/evaluate.js';
import { expectMatchesPyTorch } from '../../../../test-support/pytorch-golden.js';
import { leakyRelu } from './leaky-relu.js';

describe('leaky_relu', () => {
  it('matches PyTorch for the default and a custom slope', () => {
    expectMatchesPyTorch(leakyRelu);
  });

  it("has slope alpha below zero and leaky_relu'(0) = alpha", () => {
    expect(Array.from(referenceForward(leakyRelu, [-2, 3], { alpha: 0.2 }))).toEqual([-0.4, 3]);
    expect(referenceDerivativeAt(leakyRelu, 0, { alpha: 0.2 })).toBe(0.2);
    expect(leakyRelu.params.alpha.default).toBe(0.01);
  });
});

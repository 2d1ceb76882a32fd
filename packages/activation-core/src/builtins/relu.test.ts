import { describe, expect, it } from 'vitest';
import { referenceAt, referenceDerivative, referenceForward } from '../reference/evaluate.js';
import { expectMatchesPyTorch } from '../../../../test-support/pytorch-golden.js';
import { relu } from './relu.js';

describe('relu', () => {
  it('holds the seed table', () => {
    expect(Array.from(referenceForward(relu, [-5, -2, 0, 3, 6]))).toEqual([0, 0, 0, 3, 6]);
  });

  it('matches PyTorch, values and gradients, kinks and NaN included', () => {
    expectMatchesPyTorch(relu);
  });

  it("uses relu'(0) = 0 and propagates NaN forward", () => {
    expect(Array.from(referenceDerivative(relu, [-0, 0]))).toEqual([0, 0]);
    expect(referenceAt(relu, Number.NaN)).toBeNaN();
  });

  it('is sparse: exactly zero for every negative input', () => {
    const negatives = Array.from({ length: 100 }, (_, index) => -index / 7 - 1e-9);
    expect(referenceForward(relu, negatives).every((value) => value === 0)).toBe(true);
  });
});

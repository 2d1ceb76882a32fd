import { describe, expect, it } from 'vitest';
import { referenceDerivative, referenceForward } from '../reference/evaluate.js';
import { expectMatchesPyTorch } from '../../../../test-support/pytorch-golden.js';
import { relu6 } from './relu6.js';

describe('relu6', () => {
  it('matches PyTorch, kinks at 0 and 6 included', () => {
    expectMatchesPyTorch(relu6);
  });

  it("clips to [0, 6] with relu6'(0) = relu6'(6) = 0", () => {
    expect(Array.from(referenceForward(relu6, [-1, 3, 7]))).toEqual([0, 3, 6]);
    expect(Array.from(referenceDerivative(relu6, [0, 6, 3]))).toEqual([0, 0, 1]);
  });
});

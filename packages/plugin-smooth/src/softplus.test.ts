import { referenceAt, referenceDerivativeAt } from '@rectify/activation-core';
import { describe, expect, it } from 'vitest';
import { expectMatchesPyTorch } from '../../../test-support/pytorch-golden.js';
import { softplus } from './softplus.js';

describe('smooth/softplus', () => {
  it('matches PyTorch, including the switch to x only where beta * x > threshold', () => {
    expectMatchesPyTorch(softplus);
  });

  it('is x itself above the threshold and never overflows', () => {
    expect(referenceAt(softplus, 1000)).toBe(1000);
    expect(referenceDerivativeAt(softplus, 1000)).toBe(1);
    expect(referenceAt(softplus, 0)).toBeCloseTo(Math.LN2, 15);
  });

  it('rejects a non-positive beta', () => {
    expect(() => referenceAt(softplus, 1, { beta: 0 })).toThrow(expect.objectContaining({ code: 'PARAM_OUT_OF_RANGE' }));
  });
});

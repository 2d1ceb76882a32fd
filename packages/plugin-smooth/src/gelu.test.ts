import { referenceAt, referenceForward } from '@rectify/activation-core';
import { describe, expect, it } from 'vitest';
import { expectMatchesPyTorch } from '../../../test-support/pytorch-golden.js';
import { gelu } from './gelu.js';

describe('smooth/gelu', () => {
  it('matches PyTorch in both the erf and the tanh form', () => {
    expectMatchesPyTorch(gelu);
  });

  it('accepts the form by name or by index', () => {
    expect(Array.from(referenceForward(gelu, [0.7], { approximate: 'tanh' }))).toEqual(Array.from(referenceForward(gelu, [0.7], { approximate: 1 })));
    expect(() => referenceForward(gelu, [0.7], { approximate: 'fast' })).toThrow(expect.objectContaining({ code: 'INVALID_PARAM_TYPE' }));
  });

  it('stays accurate far below zero, where 1 + erf(x / sqrt 2) cancels', () => {
    // x Phi(x) at x = -10 is about -7.62e-23 (Phi(-10) = 7.6198530241605e-24).
    expect(referenceAt(gelu, -10) / -7.6198530241605e-23).toBeCloseTo(1, 10);
  });
});

import { referenceBackward } from '@rectify/activation-core';
import { describe, expect, it } from 'vitest';
import { expectMatchesPyTorch } from '../../../test-support/pytorch-golden.js';
import { silu } from './silu.js';

describe('smooth/silu', () => {
  it('matches PyTorch for beta 1 (SiLU) and beta 1.5 (Swish)', () => {
    expectMatchesPyTorch(silu);
  });

  it('trains beta: dL/dbeta = sum g x^2 s(bx)(1 - s(bx))', () => {
    const inputs = [-2, 0.5, 3];
    const upstream = [1, -1, 0.5];
    const sigma = (v: number): number => 1 / (1 + Math.exp(-v));
    const expected = inputs.reduce((total, x, index) => total + (upstream[index] ?? 0) * x * x * sigma(1.2 * x) * (1 - sigma(1.2 * x)), 0);
    expect(referenceBackward(silu, inputs, upstream, { beta: 1.2 }).gradParams['beta']).toBeCloseTo(expected, 14);
  });
});

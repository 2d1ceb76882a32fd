import { describe, expect, it } from 'vitest';
import { referenceDerivative, referenceForward } from '../reference/evaluate.js';
import { expectMatchesPyTorch } from '../../../../test-support/pytorch-golden.js';
import { hardtanh } from './hardtanh.js';

describe('hardtanh', () => {
  it('matches PyTorch for the default and custom clip values', () => {
    expectMatchesPyTorch(hardtanh);
  });

  it('has a zero derivative at both clip values', () => {
    expect(Array.from(referenceDerivative(hardtanh, [-2, 0.5, 0], { min_val: -2, max_val: 0.5 }))).toEqual([0, 0, 1]);
  });

  it('gives max_val everywhere when min_val > max_val, as torch.clamp does', () => {
    expect(Array.from(referenceForward(hardtanh, [-5, 0, 5], { min_val: 1, max_val: -1 }))).toEqual([-1, -1, -1]);
  });
});

import { referenceDerivative } from '@rectify/activation-core';
import { checkDerivatives } from '@rectify/activation-core/testing';
import { describe, expect, it } from 'vitest';
import { expectMatchesPyTorch } from '../../../test-support/pytorch-golden.js';
import { hardswish } from './hardswish.js';

describe('smooth/hardswish', () => {
  it('matches PyTorch (at x = 3 PyTorch answers 1.5 or 1 depending on its kernel path; ours is 1.5)', () => {
    expectMatchesPyTorch(hardswish, { gradientExceptions: [3] });
  });

  it("uses PyTorch's kink convention: f'(-3) = -1/2 and f'(3) = 3/2", () => {
    expect(Array.from(referenceDerivative(hardswish, [-3, 3, -4, 4]))).toEqual([-0.5, 1.5, 0, 1]);
  });

  it('supplies a derivative that agrees with the derived one away from the kinks', () => {
    const report = checkDerivatives(hardswish);
    expect(report.checks.map((check) => check.what)).toContain('explicit d/dx vs derived');
    expect(report.ok).toBe(true);
  });
});

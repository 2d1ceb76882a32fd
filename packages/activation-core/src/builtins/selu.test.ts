import { describe, expect, it } from 'vitest';
import { referenceDerivativeAt, referenceForward } from '../reference/evaluate.js';
import { normalSamples } from '../testing/inputs.js';
import { expectMatchesPyTorch } from '../../../../test-support/pytorch-golden.js';
import { selu, seluAlpha, seluScale } from './selu.js';

describe('selu', () => {
  it('matches PyTorch (NaN gradient differs by kernel path there; ours is NaN)', () => {
    expectMatchesPyTorch(selu, { gradientExceptions: [Number.NaN] });
  });

  it("has selu'(0) = scale * alpha", () => {
    expect(referenceDerivativeAt(selu, 0)).toBe(seluScale * seluAlpha);
  });

  it('maps a standard normal input to about zero mean and unit variance (self-normalisation)', () => {
    const output = referenceForward(selu, normalSamples(200_000, 17));
    const mean = output.reduce((total, value) => total + value, 0) / output.length;
    const variance = output.reduce((total, value) => total + (value - mean) ** 2, 0) / output.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.01);
  });
});

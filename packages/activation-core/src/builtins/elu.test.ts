import { describe, expect, it } from 'vitest';
import { referenceAt, referenceDerivative, referenceDerivativeAt } from '../reference/evaluate.js';
import { expectMatchesPyTorch } from '../../../../test-support/pytorch-golden.js';
import { elu } from './elu.js';

describe('elu', () => {
  it('matches PyTorch (at NaN PyTorch answers 1 or NaN depending on its kernel path; ours is NaN)', () => {
    expectMatchesPyTorch(elu, { gradientExceptions: [Number.NaN] });
    expect(referenceDerivativeAt(elu, Number.NaN)).toBeNaN();
  });

  it("has elu'(0) = alpha and saturates at -alpha", () => {
    expect(referenceDerivativeAt(elu, 0, { alpha: 0.5 })).toBe(0.5);
    expect(referenceAt(elu, -50, { alpha: 2 })).toBeCloseTo(-2, 12);
  });

  it('is accurate near zero thanks to expm1', () => {
    expect(referenceAt(elu, -1e-12)).toBe(Math.expm1(-1e-12));
  });

  it('supplies an output-form derivative that agrees with the derived one', () => {
    const inputs = [-4, -1, -0.3, 0.2, 3];
    const explicit = referenceDerivative(elu, inputs, { alpha: 1.3 });
    const derived = referenceDerivative(elu, inputs, { alpha: 1.3 }, { derived: true });
    inputs.forEach((_, index) => {
      expect(explicit[index]).toBeCloseTo(derived[index] ?? Number.NaN, 14);
    });
  });
});

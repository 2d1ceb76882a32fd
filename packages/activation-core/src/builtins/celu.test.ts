import { describe, expect, it } from 'vitest';
import { isRectifyError } from '../errors.js';
import { referenceDerivativeAt, referenceForward } from '../reference/evaluate.js';
import { expectMatchesPyTorch } from '../../../../test-support/pytorch-golden.js';
import { celu } from './celu.js';

describe('celu', () => {
  it('matches PyTorch (NaN gradient differs by kernel path there; ours is NaN)', () => {
    expectMatchesPyTorch(celu, { gradientExceptions: [Number.NaN] });
  });

  it("has celu'(0) = 1 for every alpha", () => {
    for (const alpha of [0.3, 1, 2.5]) expect(referenceDerivativeAt(celu, 0, { alpha })).toBe(1);
  });

  it('rejects alpha = 0 as out of range', () => {
    expect(() => referenceForward(celu, [1], { alpha: 0 })).toThrow(expect.objectContaining({ code: 'PARAM_OUT_OF_RANGE' }));
    try {
      referenceForward(celu, [1], { alpha: 0 });
    } catch (error) {
      expect(isRectifyError(error, 'PARAM_OUT_OF_RANGE')).toBe(true);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { add, mul, param, x } from '../ir/builders.js';
import { cubicCoefficients, isBoundedCubic } from './cubic-coefficients.js';

describe('cubicCoefficients', () => {
  it('finds c (x + k x^3) in its float64 constants, in any operand order', () => {
    const c = Math.sqrt(2 / Math.PI);
    expect(cubicCoefficients(mul(c, add(x, mul(0.044715, mul(x, mul(x, x))))))).toEqual([c, c * 0.044715]);
    expect(cubicCoefficients(mul(add(mul(mul(mul(x, x), x), 2), x), 3))).toEqual([3, 6]);
    expect(cubicCoefficients(add(x, mul(0.5, mul(x, mul(x, x)))))).toEqual([1, 0.5]);
  });

  it('is undefined for other shapes', () => {
    expect(cubicCoefficients(mul(2, add(x, mul(0.5, mul(x, x)))))).toBeUndefined();
    expect(cubicCoefficients(mul(param('alpha'), add(x, mul(0.5, mul(x, mul(x, x))))))).toBeUndefined();
    expect(cubicCoefficients(add(x, mul(param('alpha'), mul(x, mul(x, x)))))).toBeUndefined();
    expect(cubicCoefficients(mul(2, x))).toBeUndefined();
  });
});

describe('isBoundedCubic', () => {
  it('accepts a linear term of at least 2^-10 with a cubic term of the same sign or none', () => {
    expect(isBoundedCubic(1.6, 0.07)).toBe(true);
    expect(isBoundedCubic(-1.6, -0.07)).toBe(true);
    expect(isBoundedCubic(2 ** -10, 0)).toBe(true);
  });

  it('rejects opposite signs, a tiny linear term and non-finite coefficients', () => {
    expect(isBoundedCubic(1.6, -0.07)).toBe(false);
    expect(isBoundedCubic(2 ** -11, 1)).toBe(false);
    expect(isBoundedCubic(1, Number.POSITIVE_INFINITY)).toBe(false);
    expect(isBoundedCubic(Number.NaN, 0)).toBe(false);
  });
});

import { add, mul, param, x } from '@rectify/activation-core';
import { describe, expect, it } from 'vitest';
import { cubicCoefficients } from './cubic-coefficients.js';

describe('cubicCoefficients', () => {
  it("finds GELU's tanh argument c (x + k x^3) in its float64 constants, in any operand order", () => {
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

import { describe, expect, it } from 'vitest';
import { add, exp, mul, neg, param, x } from '../ir/builders.js';
import { inputScale, isOneHalf, minusSquareScale } from './input-scale.js';

describe('inputScale', () => {
  it('gives the float64 constant of c * x in either order', () => {
    expect(inputScale(mul(Math.SQRT1_2, x))).toBe(Math.SQRT1_2);
    expect(inputScale(mul(x, -3))).toBe(-3);
  });

  it('is undefined for anything else', () => {
    expect(inputScale(mul(x, x))).toBeUndefined();
    expect(inputScale(mul(param('alpha'), x))).toBeUndefined();
    expect(inputScale(mul(2, exp(x)))).toBeUndefined();
    expect(inputScale(add(2, x))).toBeUndefined();
  });
});

describe('minusSquareScale', () => {
  it('gives a b for -(a x)(b x), as the derivative of erf(x / sqrt(2)) has it', () => {
    const scaled = mul(Math.SQRT1_2, x);
    expect(minusSquareScale(neg(mul(scaled, scaled)))).toBe(Math.SQRT1_2 * Math.SQRT1_2);
    expect(minusSquareScale(neg(mul(mul(x, 2), mul(3, x))))).toBe(6);
  });

  it('is undefined without the negation or with a factor that is not a constant times x', () => {
    expect(minusSquareScale(mul(mul(2, x), mul(2, x)))).toBeUndefined();
    expect(minusSquareScale(neg(mul(mul(2, x), x)))).toBeUndefined();
    expect(minusSquareScale(neg(mul(mul(param('alpha'), x), mul(2, x))))).toBeUndefined();
  });
});

describe('isOneHalf', () => {
  it('holds for the float64 square of 1/sqrt(2), written either way, and not for a float32-rounded one', () => {
    expect(isOneHalf(Math.SQRT1_2 * Math.SQRT1_2)).toBe(true);
    expect(isOneHalf((1 / Math.sqrt(2)) ** 2)).toBe(true);
    expect(isOneHalf(Math.fround(Math.SQRT1_2) ** 2)).toBe(false);
    expect(isOneHalf(0.25)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { add, exp, mul, param, x } from '../ir/builders.js';
import { inputScale } from './input-scale.js';

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

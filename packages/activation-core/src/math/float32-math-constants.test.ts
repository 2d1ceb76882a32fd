import { describe, expect, it } from 'vitest';
import { erf, erfc } from './erf.js';
import { float32Math } from './float32-math-constants.js';

const polynomial = (coefficients: readonly number[], z: number): number => coefficients.reduceRight((sum, c) => sum * z + c, 0);
const relative = (approximation: number, exact: number): number => Math.abs(approximation - exact) / Math.abs(exact);
const erfcx = (x: number): number => Math.exp(x * x) * erfc(x);

/** log2 of the largest `error(x)` on 200,001 evenly spaced points of [lo, hi], in float64. */
function largestError(lo: number, hi: number, error: (x: number) => number): number {
  let largest = 0;
  for (let i = 0; i <= 200_000; i++) largest = Math.max(largest, error(lo + ((hi - lo) * i) / 200_000));
  return Math.log2(largest);
}

const { tanh, erf: erfParts, erfcx: erfcxParts, erfcOverSqrt2: gaussian } = float32Math;

describe('float32Math: each polynomial within the error its comment states', () => {
  const cases: [string, number, number, (x: number) => number, number][] = [
    ['exp: expm1(r) = r + r^2 Q(r), |r| <= ln 2 / 2', -Math.LN2 / 2, Math.LN2 / 2, (r) => (r === 0 ? 0 : relative(r + r * r * polynomial(float32Math.expQ, r), Math.expm1(r))), -25.97],
    ['exp: the same up to |r| = 0.354', -0.354, 0.354, (r) => (r === 0 ? 0 : relative(r + r * r * polynomial(float32Math.expQ, r), Math.expm1(r))), -25.9],
    ['log: R(s^2) against 2 atanh(s) / s - 2', 0, Math.sqrt(0.02944), (s) => (s === 0 ? 0 : Math.abs(s * s * polynomial(float32Math.logR, s * s) - (2 * Math.atanh(s) / s - 2))), -29.2],
    ['log1p on [0, 1]: 2s + s z R(z) against 2 atanh(s), s <= 1/3', 1e-6, 1 / 3, (s) => relative(2 * s + s ** 3 * polynomial(float32Math.log1pUnitR, s * s), 2 * Math.atanh(s)), -28.7],
    ['tanh: x + x^3 P(x^2) below the series bound', 0, tanh.seriesBelow, (x) => (x === 0 ? 0 : relative(x + x ** 3 * polynomial(tanh.p, x * x), Math.tanh(x))), -27.7],
    ['erf: x + x P(x^2) below the series bound', 0, erfParts.seriesBelow, (x) => (x === 0 ? 0 : relative(x + x * polynomial(erfParts.p, x * x), erf(x))), -29.38],
    ['erf: erfc = e^(-x^2) R(x - centre), absolute', erfParts.seriesBelow, erfParts.clampAt, (x) => Math.abs(Math.exp(-x * x) * polynomial(erfParts.r, x - erfParts.centre) - erfc(x)), -28.6],
    ['erfcx = P(z) / (x + K)', 0, erfcxParts.max, (x) => relative(polynomial(erfcxParts.p, (x - erfcxParts.k) / (x + erfcxParts.k)) / (x + erfcxParts.k), erfcx(x)), -28.6],
    ['erfcx(|x| / sqrt(2)) = P(z) / (|x| + K)', 0, gaussian.xMax, (x) => relative(polynomial(gaussian.p, (x - gaussian.k) / (x + gaussian.k)) / (x + gaussian.k), erfcx(x / Math.SQRT2)), -27.2],
    ['erf(x / sqrt(2)) = x S(x^2) below the series bound', 0, gaussian.seriesBelow, (x) => (x === 0 ? 0 : relative(x * polynomial(gaussian.s, x * x), erf(x / Math.SQRT2))), -25.0],
  ];
  for (const [name, lo, hi, error, stated] of cases) {
    it(name, () => {
      expect(largestError(lo, hi, error)).toBeLessThanOrEqual(stated + 0.01);
    });
  }

  it('every coefficient is a float32', () => {
    const all = [float32Math.expQ, float32Math.logR, tanh.p, erfParts.p, erfParts.r, gaussian.p, gaussian.s].flat();
    for (const c of all) expect(Math.fround(c)).toBe(c);
  });

  it('ln 2 splits into a head exact in products with |n| < 2^15 and a tail', () => {
    expect(Number.isInteger(float32Math.ln2Hi * 512)).toBe(true);
    expect(float32Math.ln2Hi + float32Math.ln2Lo).toBeCloseTo(Math.LN2, 15);
    expect(float32Math.erfcOverSqrt2.xMax).toBe(Math.fround(erfcxParts.max * Math.SQRT2));
  });
});

/**
 * factor * erfc(sign x / sqrt(2)), GELU's 1 + erf(x / sqrt(2)) = erfc(-x / sqrt(2)), in float32 only,
 * and e^(-x^2 / 2), which GELU's derivative needs too, from the same exponential.
 *
 * erfc's condition number 2t^2 turns any rounding of t = |x| / sqrt(2) into about t^2 ulps, so t^2 is
 * never rounded: x^2 / 2 = (hi + lo) / 2 with hi = h^2 exact (h: |x| cut to 12 significand bits) and
 * lo = (|x| - h)(|x| + h) small, and the exponential reduction subtracts n ln2_hi from -hi / 2 exactly.
 * erfc(t) = e^(-t^2) erfcx(t), with erfcx(t) = P(z) / (|x| + K), z = (|x| - K) / (|x| + K), taken in
 * |x| itself so that t is never formed. Below |x| = 0.7 the result is 1 - sign erf(x / sqrt(2)) from a
 * series, where the exponential form loses its accuracy near 1.
 *
 * The product with `factor` (GELU's x / 2) is formed from erfc scaled by 2^64 where erfc is small,
 * and then scaled back, so that a result in the denormal range is rounded once: erfc itself is
 * denormal above t = 9.2 while x erfc / 2 is still normal up to t = 9.27.
 *
 * Measured over every float32 x in [-14.85, 14.85] (bench/gelu-exhaustive.ts): GELU within 4 ulp of
 * the float64 definition where the result is normal.
 */
import { float32Math } from '@rectify/activation-core';
import type { FunctionBuilder, Local } from './function-builder.js';
import type { Expr } from './simd-expression.js';
import { abs, add, and, andnot, bind, div, f32, ge, gt, horner, i32, ishl, lt, mul, or, pmin, select, sub } from './simd-expression.js';
import { reduceFromRounded, roundExponent, SCALE_DOWN_BIAS } from './simd-math.js';

const { xMax: X_MAX, seriesBelow: SERIES_BELOW, k: ERFCX_K, p: ERFCX_P, s: ERF_S } = float32Math.erfcOverSqrt2;

/** e^(-x^2 / 2) = 2^n (1 + expm1OfR), the part GELU's erfc shares with its derivative's Gaussian. */
export interface HalfSquareExponential {
  /** |x|, unclamped. */
  readonly magnitude: Local;
  /** |x| clamped to X_MAX (NaN passes). */
  readonly ax: Local;
  /** t << 23 is 2^(n + 64). */
  readonly t: Local;
  /** e^r - 1. */
  readonly expm1OfR: Local;
}

/**
 * e^(-x^2 / 2) without rounding x^2: x^2 / 2 = (hi + lo) / 2 with hi = h^2 exact (h: |x| cut to 12
 * significand bits) and lo = (|x| - h)(|x| + h); n from the rounded sum, and -hi / 2 - n ln2_hi is
 * exact, so only lo's share and e^r's polynomial are rounded.
 */
export function halfSquareExponential(f: FunctionBuilder, x: Local): HalfSquareExponential {
  const magnitude = bind(f, abs(x));
  const ax = bind(f, pmin(magnitude, f32(X_MAX)));
  const head = bind(f, and(ax, i32(0xfffff000 | 0)));
  const hi = bind(f, mul(head, head));
  const lo = bind(f, mul(sub(ax, head), add(ax, head)));
  const { t, n } = roundExponent(f, mul(add(hi, lo), f32(-0.5)), SCALE_DOWN_BIAS);
  const { rh, w } = reduceFromRounded(f, mul(hi, f32(-0.5)), mul(lo, f32(-0.5)), n);
  return { magnitude, ax, t, expm1OfR: bind(f, add(rh, w)) };
}

/**
 * Leaves e^(-x^2 / 2) on the stack (GELU's derivative has it as exp(-(x / sqrt(2))^2)): 0 from |x| =
 * X_MAX on, where it is below every float32; results in the denormal range are rounded once.
 */
export function emitExpOfMinusHalfSquare(f: FunctionBuilder, parts: HalfSquareExponential): void {
  mul(mul(add(f32(1), parts.expm1OfR), ishl(parts.t, 23)), f32(2 ** -64))(f);
}

/**
 * Leaves factor * erfc(sign x / sqrt(2)) on the stack (erfc itself when `factor` is not given). NaN
 * propagates; x = -sign inf gives 2 factor, x = sign inf gives 0 (and factor * 0, so NaN for an
 * infinite factor, as the formula has it). `parts` may pass halfSquareExponential(f, x) already
 * emitted.
 */
export function emitErfcOfXOverSqrt2(f: FunctionBuilder, x: Local, sign: 1 | -1, factor?: Local, parts = halfSquareExponential(f, x)): void {
  const { magnitude, ax, t, expm1OfR } = parts;

  // erfcx P(z) / (|x| + K) times e^r, with P's leading coefficient added last so that neither P nor
  // e^r is rounded on its own: P e^r = p0 + (q + P (e^r - 1)) with q = P - p0.
  const den = bind(f, add(ax, f32(ERFCX_K)));
  const z = bind(f, sub(mul(div(ax, den), f32(2)), f32(1)));
  const q = bind(f, mul(z, horner(ERFCX_P.slice(1), z)));
  const p = add(f32(ERFCX_P[0]), q);
  const scaledProduct = add(f32(ERFCX_P[0]), add(q, mul(p, expm1OfR)));
  // erfc(|x| / sqrt(2)) 2^64 (t << 23 is 2^(n + 64)), set to 0 from X_MAX on (not for NaN).
  const large = bind(f, andnot(mul(div(scaledProduct, den), ishl(t, 23)), ge(magnitude, f32(X_MAX))));

  const series = sub(f32(1), mul(x, horner(ERF_S.map((c) => sign * c), mul(x, x))));
  const inSeries = bind(f, lt(ax, f32(SERIES_BELOW)));
  const negativeArgument = sign > 0 ? lt(x, f32(0)) : gt(x, f32(0));
  // Lanes not scaled by 2^64: the series and erfc of a negative argument, 2 - erfc(|x| / sqrt(2)).
  const unscaled = bind(f, or(inSeries, negativeArgument));
  const nearOneOrTwo = select(series, sub(f32(2), mul(large, f32(2 ** -64))), inSeries);
  const value = select(nearOneOrTwo, large, unscaled);
  const product: Expr = factor === undefined ? value : mul(factor, value);
  mul(product, select(f32(1), f32(2 ** -64), unscaled))(f);
}

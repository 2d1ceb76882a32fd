/**
 * factor * scale * sigmoid(b1 x + b3 x^3): GELU's tanh approximation 0.5 x (1 + tanh(c (x + k x^3))) =
 * x sigmoid(2c (x + k x^3)) (scale 2), and the sigmoids of such cubics in its derivative (scale 1).
 *
 * Where v = b1 x + b3 x^3 is negative, sigmoid(v) = e^v / (1 + e^v) has a relative error equal to v's
 * absolute error, and |v| reaches about 100 before the result underflows: a cubic rounded in float32
 * cost up to 178 ulp. So v is formed in float64 (two lanes at a time), carried into float32 as vh + vl,
 * and the exponential's reduction takes both parts: n ln2_hi comes off vh exactly and vl joins the
 * small remainder. As for GELU's exact form, the product with the factor is formed from e^v scaled by
 * 2^100, so that a result in the denormal range is not rounded before the product.
 */
import type { FunctionBuilder, Local } from './function-builder.js';
import type { Expr } from './simd-expression.js';
import {
  add,
  add64,
  andnot,
  bind,
  demote,
  div,
  f32,
  f64,
  i32,
  ishl,
  le,
  lt,
  mul,
  mul64,
  neg,
  or,
  pmax64,
  pmin64,
  promoteLow,
  select,
  sub64,
} from './simd-expression.js';
import { joinHalves, promoteHalves, reduceFromRounded, roundExponent } from './simd-math.js';

/**
 * v is clamped to +-V_LIMIT in float64, and e^(-|v|) is 0 from there on: x e^v is then below every
 * float32 for the cubics accepted (b1 >= 2^-10 in magnitude, b3 of the same sign or 0).
 */
const V_LIMIT = 128;
/** The reduction bias under which t << 23 is 2^(n + 100): normal for e^(-|v|) down to e^-128. */
const SCALE_UP_BIAS = 127 + 100;

/** What sigmoid(v) and sigmoid(-v) share, for v = b1 x + b3 x^3. */
export interface CubicSigmoidParts {
  /** Lanes where v < 0 (vh, v rounded to float32). */
  readonly negative: Local;
  /** e^(-|v|) 2^100, 0 at the clamp (not for NaN). */
  readonly scaledE: Local;
  /** 1 + e^(-|v|). */
  readonly onePlusE: Local;
}

/** The parts of sigmoid(+-(b1 x + b3 x^3)): v in float64, narrowed to vh + vl, and e^(-|v|) from both. */
export function sigmoidOfCubicParts(f: FunctionBuilder, x: Local, b1: number, b3: number): CubicSigmoidParts {
  // v in float64 per half, clamped to +-V_LIMIT (pmin/pmax keep NaN), narrowed to vh + vl.
  const narrowed = (half: Local): { readonly high: Local; readonly low: Local } => {
    const cubic = mul64(half, add64(f64(b1), mul64(f64(b3), mul64(half, half))));
    const v = bind(f, pmax64(pmin64(cubic, f64(V_LIMIT)), f64(-V_LIMIT)));
    const high = bind(f, demote(v));
    return { high, low: bind(f, demote(sub64(v, promoteLow(high)))) };
  };
  const [lowHalf, highHalf] = promoteHalves(f, x);
  const lowLanes = narrowed(lowHalf);
  const highLanes = narrowed(highHalf);
  const vh = bind(f, joinHalves(lowLanes.high, highLanes.high));
  const vl = bind(f, joinHalves(lowLanes.low, highLanes.low));

  // e^(-|v|) = 2^n (1 + em1) from -|v| = wh + wl.
  const negative = bind(f, lt(vh, f32(0)));
  const wh = bind(f, or(vh, i32(0x80000000 | 0)));
  const wl = select(vl, neg(vl), negative);
  const { t, n } = roundExponent(f, wh, SCALE_UP_BIAS);
  const { rh, w } = reduceFromRounded(f, wh, wl, n);
  const expm1OfR = add(rh, w);
  const scaledE = bind(f, andnot(mul(add(f32(1), expm1OfR), ishl(t, 23)), le(wh, f32(-V_LIMIT))));
  return { negative, scaledE, onePlusE: bind(f, add(f32(1), mul(scaledE, f32(2 ** -100)))) };
}

/**
 * Leaves factor * scale * sigmoid(sign v) on the stack (scale * sigmoid(...) when `factor` is not
 * given), from the parts of v, for a power of two `scale` in [1, 2^20]. NaN propagates; the
 * infinities give scale * factor and 0 (factor * 0) by the sign of sign v. The two signs share the
 * parts, with the bits each would have from parts of its own (at v = 0 both give scale / 2).
 */
export function emitSigmoidOfCubicFromParts(f: FunctionBuilder, parts: CubicSigmoidParts, sign: 1 | -1, scale: number, factor?: Local): void {
  const { negative, scaledE, onePlusE } = parts;
  // sigmoid(u) = 1 / (1 + E) for u >= 0 and E / (1 + E) for u < 0, with E = e^(-|u|); u = -v swaps the cases.
  const [whenNegative, otherwise] = sign === 1 ? [scaledE, f32(1)] : [f32(1), scaledE];
  const [scaleWhenNegative, scaleOtherwise] = sign === 1 ? [scale * 2 ** -100, scale] : [scale, scale * 2 ** -100];
  const numerator = select(whenNegative, otherwise, negative);
  const product: Expr = factor === undefined ? numerator : mul(factor, numerator);
  mul(div(product, onePlusE), select(f32(scaleWhenNegative), f32(scaleOtherwise), negative))(f);
}

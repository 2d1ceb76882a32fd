/**
 * Vectorised float32 transcendental functions for WebAssembly SIMD (f32x4), emitted inline.
 *
 * Every emitter takes a v128 local holding four float32 lanes and leaves the four results on the
 * stack. The code is branch-free: special values are produced by clamping (pmin/pmax, which keep
 * NaN) and by lane masks with bitselect. Fused multiply-add is not part of baseline WebAssembly
 * SIMD: polynomial steps (estrin, horner) are a multiply then an add, or relaxed SIMD's multiply-add
 * where the backend enables it, fused on hardware with FMA. The error bounds below hold for both;
 * range reductions and exact products keep separate operations either way.
 *
 * The polynomials and thresholds shared with the WebGPU backend, with their fits and errors, are in
 * core's float32Math; the float64 ones are here.
 *
 * Measured accuracy, every float32 input checked against float64 references rounded to float32,
 * in float32 ulps where the result is normal: exp 1, expm1 1, log 1, log1p 1, tanh 1, sigmoid 2,
 * erf 1, erfc 1; softplus log1p(e^u) 2. Results below 2^-126 (exp, sigmoid, erf near 0, erfc above 9.2) underflow
 * gradually and are within one step of 2^-149 of the reference; nothing is flushed to zero.
 * erfc runs its core in float64 (f64x2, two lanes at a time) and is about three times the cost of
 * the float32-only functions; GELU's erfc(x / sqrt(2)) has a float32 form of its own
 * (erfc-over-sqrt2.ts). The expression layer the emitters are written in is simd-expression.ts.
 */
import { float32Math } from '@rectify/activation-core';
import type { FunctionBuilder, Local } from './function-builder.js';
import type { Expr, Operand } from './simd-expression.js';
import {
  abs,
  add,
  add64,
  and,
  bind,
  convertI32,
  demote,
  div,
  div64,
  eq,
  estrin,
  f32,
  f64,
  gt,
  horner,
  i32,
  i64add,
  i64shl,
  iadd,
  iminS,
  ishl,
  ishrS,
  isub,
  lt,
  mul,
  mul64,
  neg,
  or,
  pmax,
  pmin,
  promoteLow,
  select,
  shuffle,
  sqrt,
  sub,
  sub64,
} from './simd-expression.js';

/** Emits code that leaves f(x) for the four lanes of `x` on the stack. */
export type SimdMathEmitter = (f: FunctionBuilder, x: Local) => void;

const SIGN = 0x80000000 | 0;
const EXPONENT_MASK = 0xff800000 | 0;
const ONE_BITS = 0x3f800000;

/** Sets the sign bit of each result lane where `x` has it (for functions odd or sign-preserving). */
const withSignOf = (value: Operand, x: Operand): Expr => or(value, and(x, i32(SIGN)));

// ---------------------------------------------------------------------------------------------
// exp core

const { log2e: LOG2E, ln2Hi: LN2_HI, ln2Lo: LN2_LO, expQ: EXP_Q, logR: LOG_R, log1pUnitR: LOG1P_UNIT_R } = float32Math;
/** 1.5 * 2^23: adding it rounds to an integer that then sits in the low mantissa bits. */
const ROUND_MAGIC = 12582912;

interface ExpReduction {
  /** As RoundedExponent's: t << 23 is 2^(n + bias - 127). */
  readonly t: Local;
  /** x - n LN2_HI, exact. */
  readonly rh: Local;
  /** e^x = 2^n (1 + rh + w) up to the polynomial error. */
  readonly w: Local;
}

interface RoundedExponent {
  /**
   * Bits whose low mantissa holds n + bias: shifting left by 23 gives (n + bias) << 23, the bit
   * pattern of 2^(n + bias - 127) when n + bias is in [1, 254].
   */
  readonly t: Local;
  /** n = round(x / ln 2), as a float. */
  readonly n: Local;
}

/**
 * n = round(x / ln 2) by the rounding constant, with the integer `bias` riding in it, so that the
 * caller's power of two is one shift of t, with no add and no constant of its own.
 */
export function roundExponent(f: FunctionBuilder, x: Operand, bias: number): RoundedExponent {
  const magic = ROUND_MAGIC + bias;
  const t = bind(f, add(mul(x, f32(LOG2E)), f32(magic)));
  return { t, n: bind(f, sub(t, f32(magic))) };
}

/**
 * Reduces x = n ln 2 + r with |r| <= ln 2 / 2, after clamping x to `clamp` when given (pmin/pmax
 * keep NaN; an upper bound of +Infinity is left out). Valid for |x| < 2^22 / log2(e); `bias` as
 * for roundExponent.
 */
function reduceExp(f: FunctionBuilder, x: Operand, clamp: readonly [number, number] | undefined, bias: number): ExpReduction {
  const low = clamp === undefined ? x : pmax(x, f32(clamp[0]));
  const xc = bind(f, clamp === undefined || clamp[1] === Infinity ? low : pmin(low, f32(clamp[1])));
  const { t, n } = roundExponent(f, xc, bias);
  return { t, ...reduceFromRounded(f, xc, undefined, n) };
}

/**
 * e^(high + low) = 2^n (1 + rh + w) for n already rounded from about (high + low) / ln 2: rh = high -
 * n ln2_hi (exact when high's last bit is no finer than the difference needs), and w the rest, where
 * `low`, a small second part of the argument that float32 could not hold in high, joins n ln2_lo.
 * Without `low` this is the plain Cody-Waite reduction.
 */
export function reduceFromRounded(f: FunctionBuilder, high: Operand, low: Operand | undefined, n: Local): Pick<ExpReduction, 'rh' | 'w'> {
  const rh = bind(f, sub(high, mul(n, f32(LN2_HI))));
  const rl = bind(f, low === undefined ? mul(n, f32(-LN2_LO)) : sub(low, mul(n, f32(LN2_LO))));
  const r = bind(f, add(rh, rl));
  const r2 = bind(f, mul(r, r));
  const q = f.polynomialScheme === 'horner' ? horner(EXP_Q, r) : estrin(f, r, EXP_Q, false, r2);
  return { rh, w: bind(f, add(mul(r2, q), rl)) };
}

/**
 * Multiplies `value` (of magnitude about 1) by 2^n in two steps, 2^floor(n/2) then 2^ceil(n/2),
 * so that n in [-150, 128] neither wraps the exponent nor flushes: a result below 2^-126 is rounded
 * once, by the last multiply, into the denormal range, and one above the float range becomes +inf.
 */
function scaleByPowerOfTwo(f: FunctionBuilder, value: Operand, t: Local): Expr {
  const n23 = bind(f, ishl(t, 23));
  const half = bind(f, and(ishl(t, 22), i32(EXPONENT_MASK)));
  return mul(mul(value, iadd(half, i32(ONE_BITS))), iadd(isub(n23, half), i32(ONE_BITS)));
}

/** The reduction bias under which t << 23 is 2^(n + 64), for scaleDownByPowerOfTwo. */
export const SCALE_DOWN_BIAS = 127 + 64;

/**
 * Multiplies `value` (of magnitude about 1) by 2^n for n in [-150, 63], given t reduced with
 * SCALE_DOWN_BIAS: by 2^(n + 64), a normal power of two, then by 2^-64, so only the last multiply
 * rounds, into the denormal range when the result lies there. Four operations fewer than
 * scaleByPowerOfTwo, which must also reach n = 128.
 */
function scaleDownByPowerOfTwo(value: Operand, t: Local): Expr {
  return mul(mul(value, ishl(t, 23)), f32(2 ** -64));
}

/**
 * e^x for x clamped to [-104, upper], upper at most 43 (2^n within scaleDownByPowerOfTwo's range),
 * with the two-operation scaling; NaN passes. Results below 2^-126 underflow gradually.
 */
function expScaledDown(f: FunctionBuilder, x: Operand, upper = Infinity): Expr {
  const { t, rh, w } = reduceExp(f, x, [-104, upper], SCALE_DOWN_BIAS);
  return scaleDownByPowerOfTwo(add(f32(1), add(rh, w)), t);
}

/**
 * e^x. Inputs are clamped to [-104, 89]: e^-104 rounds to 0 and e^89 overflows to +inf, so -inf
 * and +inf come out as 0 and +inf, and NaN stays NaN. Results below 2^-126 underflow gradually.
 */
export function emitExp(f: FunctionBuilder, x: Local): void {
  const { t, rh, w } = reduceExp(f, x, [-104, 89], 0);
  scaleByPowerOfTwo(f, add(f32(1), add(rh, w)), t)(f);
}

/**
 * e^x - 1 = 2 (2^(n-1) - 1/2 + 2^(n-1) rh + 2^(n-1) w): the first two terms are exact and the third
 * (nearly) so, and the result is rounded about once; for n = 0 it is x + w. Inputs are clamped to
 * [-25, 88.75]: below, the result rounds to -1, above, it overflows. Below 2^-24 in magnitude
 * (where 2^-1 x could lose bits to the denormal range) the result is x itself, which also keeps -0.
 */
export function emitExpm1(f: FunctionBuilder, x: Local): void {
  // Bias 126: t << 23 is s = 2^(n - 1).
  const { t, rh, w } = reduceExp(f, x, [-25, 88.75], 126);
  const s = bind(f, ishl(t, 23));
  const half = bind(f, add(add(sub(s, f32(0.5)), mul(s, rh)), mul(s, w)));
  select(x, add(half, half), lt(abs(x), f32(2 ** -24)))(f);
}

/**
 * e^x for lanes where x <= 0 or NaN, as emitExp gives them; other lanes get unspecified values, for
 * callers that discard them (the x <= 0 branch of ELU's backward). No upper clamp, and 2^n (n <= 0)
 * takes the two-operation scaling.
 */
export function emitExpOfNonPositive(f: FunctionBuilder, x: Local): void {
  expScaledDown(f, x)(f);
}

/**
 * e^x - 1 for lanes where x <= 0 or NaN, as emitExpm1 gives them; other lanes unspecified. With
 * n <= 0 the reduction needs only one constant: for n = 0, r = x exactly, and for n <= -1 the error
 * of n ln 2 in float32 reaches the result scaled by e^x <= 0.71 against a result of magnitude at
 * least 0.29. e^r - 1 = r (1 + r Q(r)) and the result s (e^r - 1) - (1 - s) keep -0 (as x itself)
 * without a repair. 1 - s is exact for s = 2^n down to n = -24; below, the result rounds to -1
 * whatever 1 - s rounds to. Measured over every float32 in [-25, 0]: within 1 ulp.
 */
export function emitExpm1OfNonPositive(f: FunctionBuilder, x: Local): void {
  const z = bind(f, pmax(x, f32(-25)));
  // Bias 127: t << 23 is s = 2^n.
  const { t, n } = roundExponent(f, z, 127);
  const r = bind(f, sub(z, mul(n, f32(Math.fround(Math.LN2)))));
  const s = bind(f, ishl(t, 23));
  const p = mul(r, add(f32(1), mul(r, horner(EXP_Q, r))));
  sub(mul(s, p), sub(f32(1), s))(f);
}

// ---------------------------------------------------------------------------------------------
// log core

interface LogParts {
  /** k as float32 (the power of two taken out). */
  readonly k: Local;
  /** m - 1 for the mantissa m in [sqrt(1/2), sqrt(2)). */
  readonly f: Local;
  /** k << 23 as integer lanes. */
  readonly k23: Local;
}

/** Splits the positive float bits of `value` into 2^k m with m in [sqrt(1/2), sqrt(2)). */
function splitLog(f: FunctionBuilder, value: Operand): LogParts {
  const tmp = bind(f, isub(value, i32(0x3f3504f3)));
  const k23 = bind(f, and(tmp, i32(EXPONENT_MASK)));
  const k = bind(f, convertI32(ishrS(tmp, 23)));
  const fraction = bind(f, sub(isub(value, k23), f32(1)));
  return { k, f: fraction, k23 };
}

/**
 * k ln 2 + log(1 + f) + extra(s), where `extra` builds a small addend (log1p's rounding correction)
 * from s = f / (2 + f).
 */
function logCombine(f: FunctionBuilder, k: Local, fraction: Local, extra?: (s: Local) => Expr): Expr {
  const s = bind(f, div(fraction, add(f32(2), fraction)));
  const z = bind(f, mul(s, s));
  const r = mul(z, estrin(f, z, LOG_R));
  const hfsq = bind(f, mul(mul(fraction, fraction), f32(0.5)));
  let tail: Expr = add(mul(s, add(hfsq, r)), mul(k, f32(LN2_LO)));
  if (extra !== undefined) tail = add(tail, extra(s));
  // k ln2_hi - ((hfsq - (s (hfsq + R) + k ln2_lo + extra)) - f): f is exact and enters last.
  return sub(mul(k, f32(LN2_HI)), sub(sub(hfsq, tail), fraction));
}

/** log(x) for x outside (0, +inf): -inf for +-0, +inf for +inf, NaN for negatives and NaN. */
const logSpecial = (x: Operand): Expr => select(f32(-Infinity), sqrt(x), eq(x, f32(0)));

/** Lanes where x is in (0, +inf). */
const positiveFinite = (x: Operand): Expr => and(gt(x, f32(0)), lt(x, f32(Infinity)));

/** Natural logarithm; denormal inputs are scaled by 2^23 first. */
export function emitLog(f: FunctionBuilder, x: Local): void {
  const denormal = bind(f, lt(x, f32(2 ** -126)));
  const scaled = bind(f, select(mul(x, f32(2 ** 23)), x, denormal));
  const parts = splitLog(f, scaled);
  const k = bind(f, sub(parts.k, and(denormal, f32(23))));
  select(logCombine(f, k, parts.f), logSpecial(x), positiveFinite(x))(f);
}

/**
 * log(1 + x): u = 1 + x rounded, c = (1 + x) - u exactly (for x < 2^24; beyond, c no longer
 * matters), log1p(x) = log(u) + c / u with c / u = c 2^-k / (1 + f) ~ c 2^-k (1 - 2s).
 */
export function emitLog1p(f: FunctionBuilder, x: Local): void {
  const u = bind(f, add(f32(1), x));
  const c = sub(x, sub(u, f32(1)));
  const parts = splitLog(f, u);
  // 2^-k from the exponent bits; k <= 126 keeps it finite (c is 0 or negligible beyond).
  const inverseScale = isub(i32(ONE_BITS), iminS(parts.k23, i32(126 << 23)));
  const cs = bind(f, mul(c, inverseScale));
  const result = logCombine(f, parts.k, parts.f, (s) => sub(cs, mul(add(s, s), cs)));
  withSignOf(select(result, logSpecial(u), positiveFinite(u)), x)(f);
}

// ---------------------------------------------------------------------------------------------
// tanh and sigmoid

const { seriesBelow: TANH_SMALL, clampAt: TANH_CLAMP, p: TANH_P } = float32Math.tanh;

/**
 * tanh(x): the odd polynomial below |x| = 0.625; above, 1 - 2 / (e^(2|x|) + 1) with the sign of x,
 * where the subtracted quotient is at most 0.45 and its error shrinks with it. e^(2|x|) + 1 is
 * 2 (2^(n-1) + 1/2 + 2^(n-1) rh + 2^(n-1) w), and |x| is clamped to 9.5, where tanh rounds to 1.
 */
export function emitTanh(f: FunctionBuilder, x: Local): void {
  const ax = bind(f, pmin(abs(x), f32(TANH_CLAMP)));
  const z = bind(f, mul(x, x));
  const small = bind(f, add(x, mul(mul(x, z), estrin(f, z, TANH_P))));
  const { t, rh, w } = reduceExp(f, add(ax, ax), undefined, 126);
  const s = bind(f, ishl(t, 23));
  const halfDenominator = add(add(add(s, f32(0.5)), mul(s, rh)), mul(s, w));
  const large = sub(f32(1), div(f32(1), halfDenominator));
  // The sign of x goes onto both branches (the polynomial would turn -0 into +0).
  withSignOf(select(small, large, lt(ax, f32(TANH_SMALL))), x)(f);
}

interface ScaledSigmoidParts {
  /** E 2^64 for E = e^-|x|: exact, and normal wherever E is not 0. */
  readonly scaledE: Local;
  /** (1 + E) 2^64, rounded as 1 + E is. */
  readonly denominator: Local;
}

/** E = e^-|x| and 1 + E, both 2^64 times as large: the scaling that E alone would need is saved. */
function scaledSigmoidParts(f: FunctionBuilder, x: Local): ScaledSigmoidParts {
  // -|x| by setting the sign bit: never above 0, so only the lower clamp is needed.
  const { t, rh, w } = reduceExp(f, or(x, i32(SIGN)), [-104, Infinity], SCALE_DOWN_BIAS);
  const scaledE = bind(f, mul(add(f32(1), add(rh, w)), ishl(t, 23)));
  return { scaledE, denominator: bind(f, add(f32(2 ** 64), scaledE)) };
}

/**
 * 1 / (1 + e^-x) as n / (1 + E) with E = e^-|x| (never overflowing) and n = 1 for x >= 0, E for
 * x < 0, so tiny results keep their relative accuracy and underflow gradually. Numerator and
 * denominator are both 2^64 times as large, which leaves the quotient and its one rounding as they
 * would be.
 */
export function emitSigmoid(f: FunctionBuilder, x: Local): void {
  const { scaledE, denominator } = scaledSigmoidParts(f, x);
  div(select(scaledE, f32(2 ** 64), lt(x, f32(0))), denominator)(f);
}

/**
 * sigmoid(x) and sigmoid(-x) (a derivative's sigmoid(x) (1 - sigmoid(x)) without the cancellation)
 * from one exponential, both with emitSigmoid's bits: sigmoid(-x) goes into `ofNegated`, sigmoid(x)
 * is left on the stack.
 */
export function emitSigmoidPair(f: FunctionBuilder, x: Local, ofNegated: Local): void {
  const { scaledE, denominator } = scaledSigmoidParts(f, x);
  const negative = bind(f, lt(x, f32(0)));
  div(select(f32(2 ** 64), scaledE, negative), denominator)(f);
  f.set(ofNegated);
  div(select(scaledE, f32(2 ** 64), negative), denominator)(f);
}

/**
 * tanh(log1p(e^u)) (Mish's inner function) without a logarithm or a second exponential: with
 * E = e^u, (1 + E)^2 = e^(2 softplus(u)), so tanh(softplus(u)) = n / (n + 2) for n = E (E + 2). u is
 * clamped to 20 first, where the value rounds to 1 and n stays finite (NaN passes). For u below
 * -88, E and n are subnormal and the quotient keeps only their precision, as log1p and tanh would.
 */
export function emitTanhOfSoftplus(f: FunctionBuilder, u: Local): void {
  const e = bind(f, expScaledDown(f, u, 20));
  const n = bind(f, mul(e, add(e, f32(2))));
  div(n, add(n, f32(2)))(f);
}

/**
 * log1p(e^u) (softplus with beta 1) as max(u, 0) + log1p(e^-|u|): the exponential never overflows
 * and the logarithm's argument lies in [0, 1], where the atanh series needs no range reduction,
 * special values or denormal handling. NaN passes through pmax; -inf gives 0 and +inf gives +inf.
 */
export function emitSoftplus(f: FunctionBuilder, u: Local): void {
  const v = bind(f, expScaledDown(f, or(u, i32(SIGN))));
  const s = bind(f, div(v, add(f32(2), v)));
  const z = bind(f, mul(s, s));
  // 2s as v - s v: v is exact and the rounding of s (and of 2 + v) reaches only the smaller s v.
  const series = add(sub(v, mul(s, v)), mul(mul(s, z), estrin(f, z, LOG1P_UNIT_R)));
  add(pmax(u, f32(0)), series)(f);
}

// ---------------------------------------------------------------------------------------------
// erf and erfc

const { seriesBelow: ERF_SMALL, clampAt: ERF_CLAMP, p: ERF_P, centre: ERF_R_CENTRE, r: ERF_R } = float32Math.erf;
const { max: ERFC_MAX, k: ERFCX_K, p: ERFCX_P } = float32Math.erfcx;

/**
 * e^-p = 1 - p + p^2 Q(p) in float64 for |p| <= 0.35 (Q holds the coefficients of e^r's expansion
 * with alternating signs, r = -p): relative minimax error 2^-28.2.
 */
const EXP64_Q = [0.49999993050731967, -0.1666651479149389, 0.04166845678605348, -0.008369418826925362, 0.0013813144565021135];

const MAGIC64 = 6755399441055744; // 1.5 * 2^52

/**
 * erfc(d) for two float64 lanes d in [0, 10.5]. d^2 is exact in float64 and every step is far more
 * accurate than float32, so the result is rounded essentially once, when it is narrowed.
 */
function erfc64(f: FunctionBuilder, d: Local): Expr {
  const square = bind(f, mul64(d, d));
  const t = bind(f, add64(mul64(square, f64(-LOG2E)), f64(MAGIC64)));
  // d^2 = p - n ln 2 with n = round(-d^2 / ln 2) <= 0 and |p| <= ln 2 / 2.
  const p = bind(f, add64(square, mul64(sub64(t, f64(MAGIC64)), f64(Math.LN2))));
  const p2 = bind(f, mul64(p, p));
  const expMinusP = add64(f64(1), sub64(mul64(p2, estrin(f, p, EXP64_Q, true, p2)), p));
  // 2^n from the low bits of t; the integer add of 1.0's bit pattern sets the exponent bias.
  const scale = i64add(i64shl(t, 52), f64(1));
  const w = bind(f, div64(f64(1), add64(d, f64(ERFCX_K))));
  const z = bind(f, mul64(sub64(d, f64(ERFCX_K)), w));
  return mul64(mul64(expMinusP, scale), mul64(w, estrin(f, z, ERFCX_P, true)));
}

const LOW_HALF = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
const HIGH_TO_LOW = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];

/** The low and the high two float32 lanes of `x`, each pair promoted to float64. */
export function promoteHalves(f: FunctionBuilder, x: Local): readonly [Local, Local] {
  return [bind(f, promoteLow(x)), bind(f, promoteLow(shuffle(x, x, HIGH_TO_LOW)))];
}

/** Four float32 lanes from the two lanes in the low half of each of `low` and `high` (as demote leaves them). */
export const joinHalves = (low: Operand, high: Operand): Expr => shuffle(low, high, LOW_HALF);

/** erfc(a) for float32 lanes a in [0, 10.5] (NaN passes), rounded once from float64. */
function erfcOfMagnitude(f: FunctionBuilder, a: Local): Expr {
  const [lo, hi] = promoteHalves(f, a);
  const hLo = bind(f, erfc64(f, lo));
  const hHi = bind(f, erfc64(f, hi));
  return joinHalves(demote(hLo), demote(hHi));
}

/**
 * The error function, with the sign of x: x + x P(x^2) below |x| = 1; above, 1 - e^(-x^2) R(|x|),
 * all in float32 (erfc(|x|) <= 0.16 there, so its few-ulp relative error costs erf at most a
 * fraction of an ulp, and the rounding of x^2 is harmless). |x| is clamped to 4, where erf rounds to 1.
 */
export function emitErf(f: FunctionBuilder, x: Local): void {
  const ax = bind(f, abs(x));
  const small = bind(f, add(x, mul(x, estrin(f, bind(f, mul(x, x)), ERF_P))));
  const a = bind(f, pmin(ax, f32(ERF_CLAMP)));
  const { t, rh, w } = reduceExp(f, neg(mul(a, a)), undefined, 127);
  const e = mul(add(f32(1), add(rh, w)), ishl(t, 23));
  const large = sub(f32(1), mul(e, estrin(f, bind(f, sub(a, f32(ERF_R_CENTRE))), ERF_R)));
  withSignOf(select(small, large, lt(ax, f32(ERF_SMALL))), x)(f);
}

/** The complementary error function, relative-accurate for large x; 2 - erfc(|x|) for x < 0. */
export function emitErfc(f: FunctionBuilder, x: Local): void {
  const a = bind(f, pmin(abs(x), f32(ERFC_MAX)));
  const h = bind(f, erfcOfMagnitude(f, a));
  select(sub(f32(2), h), h, lt(x, f32(0)))(f);
}

/**
 * erfc(scale * x) with the product formed in float64: erfc's condition number 2t^2 would turn the
 * half-ulp rounding of a float32 product into about t^2 ulps (140 at t = 9). For scale = +-1/sqrt(2)
 * (GELU) the lowering uses emitErfcOfXOverSqrt2 instead, which avoids the product in float32.
 */
export function emitErfcOfScaled(f: FunctionBuilder, x: Local, scale: number): void {
  // |x| is clamped once, in float32, where |scale x| reaches erfc64's limit (NaN passes pmin).
  const magnitude = bind(f, pmin(abs(x), f32(Math.fround(ERFC_MAX / Math.abs(scale)))));
  const erfcOfLanes = (lanes: Local): Expr => erfc64(f, bind(f, mul64(lanes, f64(Math.abs(scale)))));
  const [lo, hi] = promoteHalves(f, magnitude);
  const h = bind(f, joinHalves(demote(erfcOfLanes(lo)), demote(erfcOfLanes(hi))));
  const negativeArgument = scale > 0 ? lt(x, f32(0)) : gt(x, f32(0));
  select(sub(f32(2), h), h, negativeArgument)(f);
}

/** All emitters by name. */
export const simdMathFunctions = {
  exp: emitExp,
  expm1: emitExpm1,
  log: emitLog,
  log1p: emitLog1p,
  tanh: emitTanh,
  sigmoid: emitSigmoid,
  erf: emitErf,
  erfc: emitErfc,
} as const satisfies Record<string, SimdMathEmitter>;

export type SimdMathName = keyof typeof simdMathFunctions;

import { float32Math } from '@rectify/activation-core';
import type { WgslTypes } from './types.js';
import { floatLiteral } from './types.js';

/**
 * Float32 math the WGSL built-ins lack or may get wrong, as functions of the kernel's float32 type
 * (scalar or vec4): every one is branch-free (`select`, never blending), returns NaN for NaN, and
 * builds powers of two from exponent bits. The algorithms are those of the CPU backend's
 * WebAssembly SIMD math (exp, expm1, log, log1p, tanh, sigmoid, erf, GELU's erfc(x / sqrt(2)), and
 * log1p(e^u) and tanh(log1p(e^u)) as softplus and Mish have them), with the polynomials and
 * thresholds of core's float32Math; the general erfc, which the CPU evaluates in float64, here
 * splits x^2 into an exact head and a small tail instead.
 *
 * WGSL lets implementations assume no NaN or infinity, so NaN tests compare exponent bits and
 * infinities come from the uniform block (`u.inf`, `u.nan`), never from constants.
 */

const { log2e: LOG2E, ln2Hi: LN2_HI, ln2Lo: LN2_LO, expQ: EXP_Q, logR: LOG_R, log1pUnitR: LOG1P_UNIT_R } = float32Math;
const { p: TANH_P, seriesBelow: TANH_SMALL, clampAt: TANH_CLAMP } = float32Math.tanh;
const { p: ERF_P, r: ERF_R, centre: ERF_R_CENTRE, seriesBelow: ERF_SMALL, clampAt: ERF_CLAMP } = float32Math.erf;
const { p: ERFCX_P, k: ERFCX_K } = float32Math.erfcx;
const { xMax: GELU_X_MAX, seriesBelow: GELU_SERIES_BELOW, k: GELU_ERFCX_K, p: GELU_ERFCX_P, s: GELU_ERF_S } = float32Math.erfcOverSqrt2;

/** erfc's argument is clamped here: erfc(10.5) is below the smallest float32. */
export const ERFC_MAX = float32Math.erfcx.max;

/**
 * The cubic in m_sigmoid_cubic is clamped where |v| = V_LIMIT: e^-120 is below every float32, so the
 * sigmoid is 0 or 1 from there on.
 */
const CUBIC_V_LIMIT = 120;

/** m_key of a float32 value: an int32 that orders as the value does, both zeros 0 (NaN aside). */
export function floatKey(value: number): number {
  if (value === 0) return 0;
  const bits = new Int32Array(new Float32Array([value]).buffer)[0] ?? 0;
  return bits ^ ((bits >> 31) & 0x7fffffff);
}

/** a cut to its leading 12 significand bits (the float32 bits with the low 12 cleared). */
function head12(a: number): number {
  const bits = new Uint32Array(new Float32Array([a]).buffer);
  bits[0] = (bits[0] ?? 0) & 0xfffff000;
  return new Float32Array(bits.buffer)[0] ?? 0;
}

/**
 * m_sigmoid_cubic's constant arguments for sigmoid(b1 x + b3 x^3) with b1 > 0 and b3 >= 0 (core's
 * isBoundedCubic after taking the sign of b1 into x): b1 and b3 as a 12-bit head and a float32 tail,
 * b3 rounded, and the clamp on x. Undefined where the helper's exact steps do not hold: b1 + b3 x^2
 * must stay within 2^11 b1 up to the clamp, so that b1's head minus g's differs in at most 24 bits.
 */
export function sigmoidCubicArguments(b1: number, b3: number): readonly number[] | undefined {
  if (!(b1 > 0 && b3 >= 0 && Number.isFinite(b3))) return undefined;
  let [low, high] = [0, CUBIC_V_LIMIT / b1];
  for (let step = 0; step < 200; step++) {
    const middle = (low + high) / 2;
    if (b1 * middle + b3 * middle ** 3 < CUBIC_V_LIMIT) low = middle;
    else high = middle;
  }
  const rounded = Math.fround(high);
  // The float32 at or above the root, so the clamp never stops short of |v| = CUBIC_V_LIMIT.
  const xmax = rounded >= high ? rounded : rounded + 2 ** (Math.floor(Math.log2(rounded)) - 23);
  if (b3 * xmax * xmax > (2 ** 11 - 1) * b1) return undefined;
  const [b1h, b3h] = [head12(b1), head12(b3)];
  return [b1h, Math.fround(b1 - b1h), b3h, Math.fround(b3 - b3h), Math.fround(b3), xmax];
}

/** Names of the helpers the expression printer calls, by IR primitive. */
export const helperNames = {
  exp: 'm_exp',
  expm1: 'm_expm1',
  expOfNonPositive: 'm_exp_nonpos',
  expm1OfNonPositive: 'm_expm1_nonpos',
  log: 'm_log',
  log1p: 'm_log1p',
  tanh: 'm_tanh',
  tanhOfSoftplus: 'm_tanh_softplus',
  log1pOfExp: 'm_log1p_exp',
  sigmoid: 'm_sigmoid',
  sigmoidPair: 'm_sigmoid_pair',
  sigmoidCubic: 'm_sigmoid_cubic',
  sigmoidCubicPair: 'm_sigmoid_cubic_pair',
  erf: 'm_erf',
  erfc: 'm_erfc',
  erfcScaled: 'm_erfc_scaled',
  erfcOverSqrt2: 'm_erfc_over_sqrt2',
  expOfMinusHalfSquare: 'm_exp_minus_half_square',
  sqrt: 'm_sqrt',
  min: 'm_min',
  max: 'm_max',
  minZero: 'm_min_zero',
  maxZero: 'm_max_zero',
  clamp: 'm_clamp',
  uniform: 'm_uniform',
  add: 'm_add',
  sub: 'm_sub',
  mul: 'm_mul',
  div: 'm_div',
  /** x > 0, x >= 0, x < 0, x <= 0 and x == 0, by the comparison's WGSL operator. */
  signTest: { '>': 'm_gt_zero', '>=': 'm_ge_zero', '<': 'm_lt_zero', '<=': 'm_le_zero', '==': 'm_zero' },
} as const;

/**
 * +, -, * and / with IEEE 754's results wherever an operand is infinite or NaN (or a divisor is 0).
 * WGSL lets a compiler assume neither occurs, and Mesa's does: it folds x - x and 0 * y to 0 and
 * reorders sums, which turns NaN or an infinity into a number. The finite result is the plain
 * operator's; the special one is built from the operands' bits, which no float rewrite can touch.
 */
function arithmeticHelpers(T: string, U: string, I: string, B: string): string {
  const bits = (x: string): string => `bitcast<${U}>(${x})`;
  return `fn m_special(x: ${T}) -> ${B} { return (${bits('x')} & ${U}(0x7f800000u)) == ${U}(0x7f800000u); }
fn m_zero(x: ${T}) -> ${B} { return (${bits('x')} & ${U}(0x7fffffffu)) == ${U}(0u); }
// x against 0 from the bits, as IEEE 754 compares (false for NaN, -0 == +0). WGSL lets a device
// flush denormals to zero in float comparisons, and SwiftShader does, which would put a denormal x
// on the wrong side of a kink: its gradient would be the one at 0. (0, +inf] and [-inf, -0) are each
// one unsigned range of bits. [+0, +inf] moved up by 2^23 - 1 ends at the top of the signed range, and
// [-inf, -0] begins at its bottom, so >= and <= are one signed comparison and one equality. In
// SwiftShader that is fewer instructions than the OR of > or < with m_zero: a kernel that only
// selects on x <= 0 ran 10-15% faster, ReLU's backward 1-5%.
fn m_gt_zero(x: ${T}) -> ${B} { return ${bits('x')} - ${U}(1u) < ${U}(0x7f800000u); }
fn m_lt_zero(x: ${T}) -> ${B} { return ${bits('x')} - ${U}(0x80000001u) < ${U}(0x7f800000u); }
fn m_ge_zero(x: ${T}) -> ${B} { return (bitcast<${I}>(${bits('x')} + ${U}(0x7fffffu)) >= ${I}(0x7fffff)) | (${bits('x')} == ${U}(0x80000000u)); }
fn m_le_zero(x: ${T}) -> ${B} { return (bitcast<${I}>(x) <= ${I}(-8388608)) | (${bits('x')} == ${U}(0u)); }
// An integer that orders as x does (NaN aside), for comparisons that must see denormals: the bits,
// with the magnitude bits of negative x flipped, and 0 for both zeros. floatKey is the same in TS.
fn m_key(x: ${T}) -> ${I} {
  let b = bitcast<${I}>(x);
  return select(b ^ ((b >> ${U}(31u)) & ${I}(0x7fffffff)), ${I}(0), m_zero(x));
}
fn m_add_special(a: ${T}, b: ${T}) -> ${T} {
  let one = select(b, a, m_special(a));
  let either_nan = select(one, b, m_isnan(b));
  let opposite = m_special(a) & m_special(b) & (((${bits('a')} ^ ${bits('b')}) & ${U}(0x80000000u)) != ${U}(0u));
  return select(either_nan, ${T}(u.nan), opposite);
}
fn m_add(a: ${T}, b: ${T}) -> ${T} { return select(a + b, m_add_special(a, b), m_special(a) | m_special(b)); }
fn m_sub(a: ${T}, b: ${T}) -> ${T} {
  let negated = bitcast<${T}>(${bits('b')} ^ ${U}(0x80000000u));
  return select(a - b, m_add_special(a, negated), m_special(a) | m_special(b));
}
fn m_mul(a: ${T}, b: ${T}) -> ${T} {
  let sign = (${bits('a')} ^ ${bits('b')}) & ${U}(0x80000000u);
  let invalid = m_isnan(a) | m_isnan(b) | (m_special(a) & m_zero(b)) | (m_special(b) & m_zero(a));
  let special = select(bitcast<${T}>(sign | ${U}(0x7f800000u)), ${T}(u.nan), invalid);
  return select(a * b, special, m_special(a) | m_special(b));
}
fn m_div(a: ${T}, b: ${T}) -> ${T} {
  let sign = (${bits('a')} ^ ${bits('b')}) & ${U}(0x80000000u);
  let invalid = m_isnan(a) | m_isnan(b) | (m_special(a) & m_special(b)) | (m_zero(a) & m_zero(b));
  let infinite = m_special(a) | m_zero(b);
  let special = select(select(bitcast<${T}>(sign), bitcast<${T}>(sign | ${U}(0x7f800000u)), infinite), ${T}(u.nan), invalid);
  return select(a / b, special, m_special(a) | m_special(b) | m_zero(b));
}`;
}

/** The WGSL source of every helper for one width (always float32: f16 kernels convert around calls). */
export function helpersSource(types: WgslTypes): string {
  const T = types.f32;
  const U = types.u32;
  const I = types.i32;
  const B = types.width === 1 ? 'bool' : 'vec4<bool>';
  const c = (value: number): string => `${T}(${floatLiteral(value)})`;
  const horner = (z: string, coefficients: readonly number[]): string =>
    coefficients.reduceRight((acc, coefficient) => (acc === '' ? c(Math.fround(coefficient)) : `(${acc} * ${z} + ${c(Math.fround(coefficient))})`), '');
  const withSignOf = (value: string, of: string): string => `bitcast<${T}>(bitcast<${U}>(${value}) | (bitcast<${U}>(${of}) & ${U}(0x80000000u)))`;

  return `
fn m_isnan(x: ${T}) -> ${B} {
  return (bitcast<${U}>(x) & ${U}(0x7fffffffu)) > ${U}(0x7f800000u);
}
fn m_inf() -> ${T} { return ${T}(u.inf); }
${arithmeticHelpers(T, U, I, B)}
// WGSL's max and min neither propagate NaN nor order -0 below +0: both are built in. For two zeros
// the sign bit of max is the AND of theirs and that of min the OR (as Math.max and Math.min give).
fn m_max(a: ${T}, b: ${T}) -> ${T} {
  let zeros = select(max(a, b), bitcast<${T}>(bitcast<${U}>(a) & bitcast<${U}>(b)), m_zero(a) & m_zero(b));
  return select(select(zeros, b, m_isnan(b)), a, m_isnan(a));
}
fn m_min(a: ${T}, b: ${T}) -> ${T} {
  let zeros = select(min(a, b), bitcast<${T}>(bitcast<${U}>(a) | bitcast<${U}>(b)), m_zero(a) & m_zero(b));
  return select(select(zeros, b, m_isnan(b)), a, m_isnan(a));
}
// max(x, +0) and min(x, +0) with the same conventions, from the bits alone: max is +0 for x from -inf
// to -0 (signed integers up to 0xff800000), min is +0 for x from the smallest denormal to +inf.
fn m_max_zero(x: ${T}) -> ${T} { return select(x, ${c(0)}, bitcast<${I}>(x) <= ${I}(-8388608)); }
fn m_min_zero(x: ${T}) -> ${T} { return select(x, ${c(0)}, bitcast<${U}>(x) - ${U}(1u) < ${U}(0x7f800000u)); }
fn m_clamp(v: ${T}, lo: ${T}, hi: ${T}) -> ${T} { return m_min(m_max(v, lo), hi); }
fn m_sqrt(x: ${T}) -> ${T} { return select(select(sqrt(x), ${T}(u.nan), x < ${c(0)}), x, m_isnan(x)); }
// x cut to its leading 12 significand bits: the product of two such numbers is exact.
fn m_head12(x: ${T}) -> ${T} { return bitcast<${T}>(bitcast<${U}>(x) & ${U}(0xfffff000u)); }
// 2^n for integral n in [-126, 127], without a float-to-integer conversion (which WGSL defines to
// saturate, so that compilers add clamps and selects to it): n + 1.5 2^23 + 127 is exact and holds
// n + 127 in its low significand bits, which the shift moves into the exponent field.
fn m_pow2(n: ${T}) -> ${T} { return bitcast<${T}>(bitcast<${U}>(n + ${c(1.5 * 2 ** 23 + 127)}) << ${U}(23u)); }
struct m_ExpParts { n: ${T}, rh: ${T}, w: ${T} }
// e^(h + l) = 2^n (1 + rh + w) for n already rounded from about (h + l) / ln2: rh = h - n ln2_hi
// (exact where h's bits allow it), and l, a small second part of the argument, joins n ln2_lo in w.
fn m_reduce_rounded(h: ${T}, l: ${T}, n: ${T}) -> m_ExpParts {
  let rh = h - n * ${c(LN2_HI)};
  let rl = l - n * ${c(LN2_LO)};
  let r = rh + rl;
  return m_ExpParts(n, rh, r * r * ${horner('r', EXP_Q)} + rl);
}
// x = n ln2 + r, |r| <= ln2 / 2 (Cody-Waite); e^x = 2^n (1 + rh + w).
fn m_reduce(x: ${T}) -> m_ExpParts { return m_reduce_rounded(x, ${c(0)}, round(x * ${c(LOG2E)})); }
fn m_exp(x: ${T}) -> ${T} {
  let p = m_reduce(clamp(x, ${c(-104)}, ${c(89)}));
  let h = floor(p.n * ${c(0.5)});
  let y = (${c(1)} + (p.rh + p.w)) * m_pow2(h) * m_pow2(p.n - h);
  return select(y, x, m_isnan(x));
}
fn m_expm1(x: ${T}) -> ${T} {
  let p = m_reduce(clamp(x, ${c(-25)}, ${c(88.75)}));
  let s = m_pow2(p.n - ${c(1)});
  let y = (((s - ${c(0.5)}) + s * p.rh) + s * p.w) * ${c(2)};
  return select(y, x, (abs(x) < ${c(2 ** -24)}) | m_isnan(x));
}
// e^x and e^x - 1 where x <= 0 or NaN; lanes with x > 0 get unspecified values, for callers that
// discard them (ELU's negative branch). With n <= 0 there is no upper clamp, 2^n is one power of two
// (2^(n + 64) 2^-64 for exp, whose results reach the denormal range), and expm1 is formed at full
// scale: (2^n - 1) + 2^n rh + 2^n w, which is x + w for n = 0.
fn m_exp_nonpos(x: ${T}) -> ${T} {
  let p = m_reduce(max(x, ${c(-104)}));
  let y = (${c(1)} + (p.rh + p.w)) * m_pow2(p.n + ${c(64)}) * ${c(2 ** -64)};
  return select(y, x, m_isnan(x));
}
// From -0 down to -2^-24 (bits 0x80000000 to 0xb3800000, where -0 and denormals must survive) and
// for NaN the result is x: one unsigned range test on the bits keeps y for -2^-24 down to -inf only.
fn m_expm1_nonpos(x: ${T}) -> ${T} {
  let p = m_reduce(max(x, ${c(-25)}));
  let s = m_pow2(p.n);
  let y = ((s - ${c(1)}) + s * p.rh) + s * p.w;
  return select(y, x, bitcast<${U}>(x) - ${U}(0xb3800000u) > ${U}(0x4c000000u));
}
// k ln2 + log(1 + f) (+ cs (1 - 2s), log1p's rounding correction).
fn m_log_combine(k: ${T}, f: ${T}, cs: ${T}) -> ${T} {
  let s = f / (${c(2)} + f);
  let z = s * s;
  let r = z * ${horner('z', LOG_R)};
  let hfsq = f * f * ${c(0.5)};
  let tail = s * (hfsq + r) + k * ${c(LN2_LO)} + (cs - (s + s) * cs);
  return k * ${c(LN2_HI)} - ((hfsq - tail) - f);
}
// log outside (0, +inf): -inf at +-0, +inf at +inf, NaN below 0 and for NaN.
fn m_log_special(x: ${T}) -> ${T} {
  return select(select(${T}(u.nan), m_inf(), x == m_inf()), -m_inf(), x == ${c(0)});
}
fn m_log(x: ${T}) -> ${T} {
  let denormal = x < ${c(2 ** -126)};
  let sx = select(x, x * ${c(2 ** 23)}, denormal);
  let t = bitcast<${I}>(sx) - ${I}(0x3f3504f3);
  let k23 = t & ${I}(-8388608);
  let k = ${T}(t >> ${U}(23u)) - select(${c(0)}, ${c(23)}, denormal);
  let f = bitcast<${T}>(bitcast<${I}>(sx) - k23) - ${c(1)};
  let finite = (x > ${c(0)}) & (x < m_inf());
  return select(m_log_special(x), m_log_combine(k, f, ${c(0)}), finite);
}
// In [sqrt(1/2) - 1, sqrt(2) - 1) log(1 + x) is the kernel with f = x, exact input; beyond, log(1 + x)
// with (1 + x)'s rounding error c corrected by c / (1 + x). No step relies on x - ((1 + x) - 1)
// staying unsimplified where it matters.
fn m_log1p(x: ${T}) -> ${T} {
  let v = ${c(1)} + x;
  let cx = x - (v - ${c(1)});
  let t = bitcast<${I}>(v) - ${I}(0x3f3504f3);
  let k23 = t & ${I}(-8388608);
  let k = ${T}(t >> ${U}(23u));
  let f = bitcast<${T}>(bitcast<${I}>(v) - k23) - ${c(1)};
  let cs = cx * bitcast<${T}>(${I}(0x3f800000) - min(k23, ${I}(1056964608)));
  let finite = (v > ${c(0)}) & (v < m_inf());
  let central = (x >= ${c(Math.fround(Math.SQRT1_2 - 1))}) & (x < ${c(Math.fround(Math.SQRT2 - 1))});
  let y = select(select(m_log_special(v), m_log_combine(k, f, cs), finite), m_log_combine(${c(0)}, x, ${c(0)}), central);
  return select(${withSignOf('y', 'x')}, x, m_isnan(x));
}
fn m_tanh(x: ${T}) -> ${T} {
  let ax = min(abs(x), ${c(TANH_CLAMP)});
  let z = x * x;
  let small = x + x * z * ${horner('z', TANH_P)};
  let p = m_reduce(ax + ax);
  let s = m_pow2(p.n - ${c(1)});
  let large = ${c(1)} - ${c(1)} / (((s + ${c(0.5)}) + s * p.rh) + s * p.w);
  let y = select(large, small, ax < ${c(TANH_SMALL)});
  return select(${withSignOf('y', 'x')}, x, m_isnan(x));
}
// tanh(log1p(e^u)), Mish's inner function, with one exponential and a division: (1 + e^u)^2 is
// e^(2 softplus(u)), so the value is n / (n + 2) with n = e^u (e^u + 2). u is clamped to 20, where
// the value rounds to 1 and n stays finite; 2^k as 2^(k + 64) 2^-64, since k <= 29.
fn m_tanh_softplus(u: ${T}) -> ${T} {
  let p = m_reduce(clamp(u, ${c(-104)}, ${c(20)}));
  let e = (${c(1)} + (p.rh + p.w)) * m_pow2(p.n + ${c(64)}) * ${c(2 ** -64)};
  let n = e * (e + ${c(2)});
  return select(n / (n + ${c(2)}), u, m_isnan(u));
}
// log1p(e^u) as max(u, 0) + log1p(e^-|u|), the CPU backend's form: the exponential never overflows
// and the logarithm's argument v lies in [0, 1], where 2 atanh(s), s = v / (2 + v), needs no range
// reduction or special cases; 2s is formed as v - s v, so that s's rounding reaches only s v.
fn m_log1p_exp(u: ${T}) -> ${T} {
  let p = m_reduce(max(-abs(u), ${c(-104)}));
  let v = (${c(1)} + (p.rh + p.w)) * m_pow2(p.n + ${c(64)}) * ${c(2 ** -64)};
  let s = v / (${c(2)} + v);
  let z = s * s;
  let y = m_max_zero(u) + ((v - s * v) + s * z * ${horner('z', LOG1P_UNIT_R)});
  return select(y, u, m_isnan(u));
}
// sigmoid(u) from e = e^-|u| and whether u < 0: 1 / (1 + e) or e / (1 + e); x passes its NaN through.
fn m_sigmoid_from_exp(e: ${T}, negative: ${B}, x: ${T}) -> ${T} {
  return select(select(${c(1)}, e, negative) / (${c(1)} + e), x, m_isnan(x));
}
struct m_SigmoidPair { value: ${T}, ofNegated: ${T} }
// sigmoid(u) and sigmoid(-u) from the same e and sign, each as m_sigmoid_from_exp gives it.
fn m_sigmoid_pair_from_exp(e: ${T}, negative: ${B}, x: ${T}) -> m_SigmoidPair {
  let d = ${c(1)} + e;
  let nan = m_isnan(x);
  return m_SigmoidPair(select(select(${c(1)}, e, negative) / d, x, nan), select(select(e, ${c(1)}, negative) / d, x, nan));
}
fn m_sigmoid(x: ${T}) -> ${T} { return m_sigmoid_from_exp(m_exp(-abs(x)), x < ${c(0)}, x); }
// sigmoid(x) and sigmoid(-x), as m_sigmoid gives each, from one exponential (a derivative's
// sigmoid(x) (1 - sigmoid(x)), written so that it does not cancel). At x = +-0 both are 1 / 2.
fn m_sigmoid_pair(x: ${T}) -> m_SigmoidPair { return m_sigmoid_pair_from_exp(m_exp(-abs(x)), x < ${c(0)}, x); }
// e^-|v| for v = b1 x + b3 x^3 (b1 > 0, b3 >= 0; sigmoidCubicArguments), and v's leading part vh,
// whose sign is v's: sigmoid(v) without rounding v. In sigmoid's tail v's absolute error becomes the
// result's relative error, and |v| reaches 100. v is carried as vh + vl into the exponential's
// reduction. Every product that must be exact is of two numbers of at most 12 significand bits
// each, so a compiler that fuses multiplies and adds changes nothing: x = xh + xl, x^2 = xh^2 +
// xl (x + xh), g = b1 + b3 x^2 = gh + gl with gh cut to 12 bits and gl from b1h - gh (exact) plus
// b3h times x^2's head (exact), and v = xh gh (exact) + (xl gh + x gl).
struct m_CubicExponential { e: ${T}, vh: ${T} }
fn m_cubic_exp(x: ${T}, b1h: ${T}, b1l: ${T}, b3h: ${T}, b3l: ${T}, b3: ${T}, xmax: ${T}) -> m_CubicExponential {
  let a = clamp(x, -xmax, xmax);
  let ah = m_head12(a);
  let al = a - ah;
  let sh = ah * ah;
  let sl = al * (a + ah);
  let shh = m_head12(sh);
  let e = b3h * shh;
  let gh = m_head12((b1h + b1l) + e);
  let gl = ((b1h - gh) + e) + (b1l + ((b3h * (sh - shh) + b3l * sh) + b3 * sl));
  let vh = ah * gh;
  let vl = al * gh + a * gl;
  let negative = vh < ${c(0)};
  let wh = -abs(vh);
  let wl = select(-vl, vl, negative);
  let p = m_reduce_rounded(wh, wl, round((wh + wl) * ${c(LOG2E)}));
  return m_CubicExponential((${c(1)} + (p.rh + p.w)) * m_pow2(p.n + ${c(64)}) * ${c(2 ** -64)}, vh);
}
fn m_sigmoid_cubic(x: ${T}, b1h: ${T}, b1l: ${T}, b3h: ${T}, b3l: ${T}, b3: ${T}, xmax: ${T}) -> ${T} {
  let c = m_cubic_exp(x, b1h, b1l, b3h, b3l, b3, xmax);
  return m_sigmoid_from_exp(c.e, c.vh < ${c(0)}, x);
}
// sigmoid(v) and sigmoid(-v) for one cubic from one exponential, each with m_sigmoid_cubic's bits
// (m_sigmoid_cubic(-x) for the second: the split of -x is the negated split of x).
fn m_sigmoid_cubic_pair(x: ${T}, b1h: ${T}, b1l: ${T}, b3h: ${T}, b3l: ${T}, b3: ${T}, xmax: ${T}) -> m_SigmoidPair {
  let c = m_cubic_exp(x, b1h, b1l, b3h, b3l, b3, xmax);
  return m_sigmoid_pair_from_exp(c.e, c.vh < ${c(0)}, x);
}
fn m_erf(x: ${T}) -> ${T} {
  let ax = abs(x);
  let small = x + x * ${horner('(x * x)', ERF_P)};
  let a = min(ax, ${c(ERF_CLAMP)});
  let p = m_reduce(-(a * a));
  let e = (${c(1)} + (p.rh + p.w)) * m_pow2(p.n);
  let large = ${c(1)} - e * ${horner(`(a - ${c(ERF_R_CENTRE)})`, ERF_R)};
  let y = select(large, small, ax < ${c(ERF_SMALL)});
  return select(${withSignOf('y', 'x')}, x, m_isnan(x));
}
// erfc(a) = e^(-a^2) erfcx(a) for a in [0, 10.5], with a^2 = h^2 + (a - h)(a + h) and h^2 exact.
fn m_erfc(x: ${T}) -> ${T} {
  let a = min(abs(x), ${c(ERFC_MAX)});
  let h = m_head12(a);
  let e = m_exp(-(h * h)) * m_exp((h - a) * (a + h));
  let w = ${c(1)} / (a + ${c(ERFCX_K)});
  let z = (a - ${c(ERFCX_K)}) * w;
  let r = e * (w * ${horner('z', ERFCX_P)});
  let y = select(r, ${c(2)} - r, x < ${c(0)});
  return select(y, x, m_isnan(x));
}
// erfc(c x) for a constant c whose square q is a power of two (GELU's 1 / sqrt(2)): (c x)^2 = q x^2
// is split on x itself, so the rounding of c x, which erfc's condition number 2 (c x)^2 would
// magnify, only reaches erfcx, whose condition number is below 1. |x| is clamped at xmax = ${ERFC_MAX} / |c|.
fn m_erfc_scaled(x: ${T}, c: ${T}, q: ${T}, xmax: ${T}) -> ${T} {
  let ax = min(abs(x), xmax);
  let a = abs(c) * ax;
  let h = m_head12(ax);
  let e = m_exp(-(q * (h * h))) * m_exp(q * ((h - ax) * (ax + h)));
  let w = ${c(1)} / (a + ${c(ERFCX_K)});
  let z = (a - ${c(ERFCX_K)}) * w;
  let r = e * (w * ${horner('z', ERFCX_P)});
  let y = select(r, ${c(2)} - r, (x < ${c(0)}) != (c < ${c(0)}));
  return select(y, x, m_isnan(x));
}
struct m_HalfSquare { ax: ${T}, n: ${T}, em1: ${T} }
// e^(-x^2 / 2) = 2^n (1 + em1) without rounding x^2: x^2 = hi + lo with hi = h^2 exact (h: |x| cut to
// 12 significand bits), and -hi / 2 - n ln2_hi is exact. |x| is clamped where e^(-x^2 / 2) and
// erfc(|x| / sqrt(2)) are below every float32 (n >= -160).
fn m_half_square(x: ${T}) -> m_HalfSquare {
  let ax = min(abs(x), ${c(GELU_X_MAX)});
  let h = m_head12(ax);
  let hi = h * h;
  let lo = (ax - h) * (ax + h);
  let p = m_reduce_rounded(hi * ${c(-0.5)}, lo * ${c(-0.5)}, round((hi + lo) * ${c(-0.5 * LOG2E)}));
  return m_HalfSquare(ax, p.n, p.rh + p.w);
}
// e^(-x^2 / 2), GELU's derivative's exp(-(x / sqrt(2))^2); 2^n as 2^(n + 64) 2^-64.
fn m_exp_minus_half_square(x: ${T}) -> ${T} {
  let p = m_half_square(x);
  return select((${c(1)} + p.em1) * m_pow2(p.n + ${c(64)}) * ${c(2 ** -64)}, x, m_isnan(x));
}
// erfc(s x / sqrt(2)) for s = +-1 (GELU's 1 + erf(x / sqrt(2)) = erfc(-x / sqrt(2))), as m_erfc_scaled
// but with one exponential (m_half_square), erfcx in |x| itself (t = |x| / sqrt(2) is never formed),
// P(z) e^r summed with P's leading coefficient last, and 1 - s erf(x / sqrt(2)) from a series below
// |x| = ${GELU_SERIES_BELOW}.
fn m_erfc_over_sqrt2(x: ${T}, s: ${T}) -> ${T} {
  let p = m_half_square(x);
  let den = p.ax + ${c(GELU_ERFCX_K)};
  let z = p.ax / den * ${c(2)} - ${c(1)};
  let q = z * ${horner('z', GELU_ERFCX_P.slice(1))};
  let p0 = ${c(Math.fround(GELU_ERFCX_P[0]))};
  let large = (p0 + (q + (p0 + q) * p.em1)) / den * m_pow2(p.n + ${c(64)}) * ${c(2 ** -64)};
  let series = ${c(1)} - s * x * ${horner('(x * x)', GELU_ERF_S)};
  let y = select(select(large, ${c(2)} - large, s * x < ${c(0)}), series, p.ax < ${c(GELU_SERIES_BELOW)});
  return select(y, x, m_isnan(x));
}
// The counter-based draw of core's uniformAt: lowbias32(index ^ key) >> 8, over 2^24.
fn m_mix32(v: ${U}) -> ${U} {
  var h = v;
  h ^= h >> ${U}(16u);
  h *= ${U}(0x7feb352du);
  h ^= h >> ${U}(15u);
  h *= ${U}(0x846ca68bu);
  h ^= h >> ${U}(16u);
  return h;
}
fn m_uniform(index: ${U}) -> ${T} { return ${T}(m_mix32(index ^ ${U}(u.key)) >> ${U}(8u)) * ${c(2 ** -24)}; }
`;
}

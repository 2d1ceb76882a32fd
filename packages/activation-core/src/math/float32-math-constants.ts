/**
 * Constants of the float32 function library that the backends lower exp, expm1, log, log1p, tanh,
 * sigmoid, erf, erfc, erfc(x / sqrt(2)) and log1p(e^u) into: the CPU backend as WebAssembly SIMD,
 * the WebGPU backend as WGSL. Both evaluate the same algorithms with these same numbers, so that
 * their results and measured bounds agree; each backend's emitters say how a polynomial is
 * evaluated.
 *
 * Polynomial coefficients come from a weighted minimax (Remez exchange, then a linear-programming
 * refinement) fitted in float64 against numpy/scipy references; float32 coefficients were rounded
 * one at a time, lowest degree first, refitting the remaining ones after each rounding. Errors are
 * those of the polynomial with its coefficients as listed.
 */
export const float32Math = {
  log2e: 1.4426950408889634,
  /** ln 2 split for Cody-Waite reduction: n * ln2Hi is exact for |n| < 2^15 (ln2Hi = 355/512). */
  ln2Hi: 0.693359375,
  ln2Lo: -2.1219444005469057e-4,

  /**
   * e^r = 1 + r + r^2 Q(r) for |r| <= 0.354 (ln 2 / 2 with 2% margin for the rounded reduction):
   * weighted minimax for the relative error of expm1(r) = r + r^2 Q(r), 2^-25.97 for |r| <= ln 2 / 2
   * and 2^-25.9 at 0.354.
   */
  expQ: [0.4999999701976776, 0.16666536033153534, 0.04166742414236069, 0.00836762972176075, 0.001387347117997706],

  /**
   * log(1 + f) = 2 atanh(s) = 2s + s R(s^2), s = f / (2 + f), |s| <= 0.1716 for f in [sqrt(1/2) - 1,
   * sqrt(2) - 1]; R(z) = z (c1 + c2 z + c3 z^2), minimax for 2 atanh(s) / s - 2 on z in [0, 0.02944]:
   * absolute error 2^-29.2, which is 2^-30.2 relative to log(1 + f).
   */
  logR: [0.6666677594184875, 0.39977580308914185, 0.29870927333831787],

  /**
   * log1p(v) = 2 atanh(s) = 2s + s z R(z), s = v / (2 + v), z = s^2, for v in [0, 1] (s <= 1/3), where
   * no range reduction is needed (log1p of e^-|u| for u real): R is a relative least-squares fit on z
   * in [0, 1/9] to (2 atanh(s) - 2s) / (s z), whose share of the result (at most 4%) leaves 2^-28.7
   * relative to log1p.
   */
  log1pUnitR: [0.6666666865348816, 0.3999970853328705, 0.28592291474342346, 0.21707572042942047, 0.23219715058803558],

  tanh: {
    /** Below this |x| the odd polynomial is used; above, 1 - 2 / (e^(2|x|) + 1). */
    seriesBelow: 0.625,
    /** |x| is clamped here, where tanh rounds to 1. */
    clampAt: 9.5,
    /** tanh(x) = x + x^3 P(x^2) for |x| < 0.625: relative minimax, 2^-27.7. */
    p: [-0.3333328068256378, 0.13331405818462372, -0.05373651534318924, 0.02062816731631756, -0.005692296661436558],
  },

  erf: {
    /** Below this |x|, erf(x) = x + x P(x^2); above, 1 - e^(-x^2) R(|x| - centre). */
    seriesBelow: 1,
    /** |x| is clamped here, where erf rounds to 1. */
    clampAt: 4,
    /** Relative minimax on [0, 1], 2^-29.4. */
    p: [
      0.12837916612625122, -0.3761262595653534, 0.11283578723669052, -0.026853347197175026, 0.005187162198126316,
      -0.0007997853099368513, 7.806903886375949e-5,
    ],
    centre: 2.5,
    /**
     * erfc(x) = e^(-x^2) R(x - 2.5) for x in [1, 4], minimax for the absolute error of erfc (weight
     * e^(-x^2)): 2^-28.6. erf = 1 - erfc needs erfc only to an absolute 2^-26 or so.
     */
    r: [
      0.21080760657787323, -0.07434216141700745, 0.024914752691984177, -0.008131993003189564, 0.0023027292918413877,
      -0.0006610945565626025, 0.0005432257894426584, 0.00022500018530990928, 0.00010683073924155906,
    ],
  },

  erfcx: {
    /** erfc's argument is clamped here: erfc(10.5) is below the smallest float32. */
    max: 10.5,
    /** K in erfcx's variable z = (x - K) / (x + K). */
    k: 3,
    /**
     * erfcx(x) = e^(x^2) erfc(x) = P(z) / (x + K) for x in [0, 10.5] (z in [-1, 0.5556]): a
     * Weideman-style expansion, relative minimax error 2^-28.6 (kept in float64 where the
     * evaluation is).
     */
    p: [
      1.0740069079864583, -0.8833944904469145, 0.5902282787659956, -0.31046589536771985, 0.11952938940484265,
      -0.026840519938380807, -0.0012282908800955493, 0.0030810361147726546, -0.00047966367719107174,
      -0.0003235014820752165,
    ],
  },

  /** erfc(x / sqrt(2)) in float32 only, taken in |x| itself so that x / sqrt(2) is never rounded. */
  erfcOverSqrt2: {
    /** |x| where t = |x| / sqrt(2) reaches 10.5: erfc(10.5) = 1e-49 is below every float32. */
    xMax: Math.fround(10.5 * Math.SQRT2),
    /** Below this |x| (t < 0.495) the series is used, where the exponential form loses accuracy near 1. */
    seriesBelow: 0.7,
    /** K in erfcx's variable z = (|x| - K) / (|x| + K). */
    k: 4.25,
    /**
     * P(z) = erfcx(|x| / sqrt(2)) (|x| + K) for |x| in [0, xMax] (z in [-1, 0.555]): relative
     * minimax, 2^-27.2.
     */
    p: [
      1.5191084146499634, -1.250259518623352, 0.8364549875259399, -0.4410315155982971, 0.1705455183982849,
      -0.03872976824641228, -0.001506227534264326, 0.004362078383564949, -0.0007240899140015244, -0.000462686235550791,
    ],
    /** erf(x / sqrt(2)) = x S(x^2) for |x| < 0.7: relative minimax, 2^-25.0. */
    s: [0.7978845834732056, -0.13298217952251434, 0.01996072381734848, -0.002414481248706579, 0.0002585598558653146],
  },
} as const;

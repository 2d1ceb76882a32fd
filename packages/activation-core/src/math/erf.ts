const twoOverSqrtPi = 1.1283791670955126;
const oneOverSqrtPi = 0.5641895835477563;

/**
 * erf(x) for x in [0, 3): the all-positive series
 * erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n (2x^2)^n x / (1*3*...*(2n+1)), free of cancellation.
 */
function erfSeries(value: number): number {
  const twoSquare = 2 * value * value;
  let term = value;
  let sum = value;
  for (let n = 1; n < 200 && term > sum * 1e-17; n++) {
    term *= twoSquare / (2 * n + 1);
    sum += term;
  }
  return twoOverSqrtPi * Math.exp(-value * value) * sum;
}

/** erfc(x) for x >= 3: the continued fraction erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))). */
function erfcContinuedFraction(value: number): number {
  const tiny = 1e-300;
  // Modified Lentz evaluation of K = x + a1/(x + a2/(x + ...)) with a_k = k/2.
  let f = value;
  let c = value;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = value + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = value + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (Math.exp(-value * value) * oneOverSqrtPi) / f;
}

/** The error function in float64, accurate to a few ulp. */
export function erf(value: number): number {
  if (Number.isNaN(value)) return Number.NaN;
  const magnitude = Math.abs(value);
  if (magnitude === 0) return value;
  const result = magnitude < 3 ? erfSeries(magnitude) : magnitude > 6 ? 1 : 1 - erfcContinuedFraction(magnitude);
  return value < 0 ? -result : result;
}

/** The complementary error function 1 - erf(x) in float64, accurate also where erf(x) is close to 1. */
export function erfc(value: number): number {
  if (Number.isNaN(value)) return Number.NaN;
  if (value < 3) return 1 - erf(value);
  if (value > 27) return 0;
  return erfcContinuedFraction(value);
}

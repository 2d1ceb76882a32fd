/**
 * GELU's tanh approximation x / 2 (1 + tanh(t)), t = sqrt(2 / pi) (x + 0.044715 x^3), and its
 * derivative, in float64 with the constants unrounded. Written as x sigmoid(2t) with the sigmoid in the
 * form that does not cancel: 1 + tanh(t) itself rounds to 0 in float64 below t = -19, where the result
 * is still about x e^(2t), far above the smallest float32.
 */
const c = Math.sqrt(2 / Math.PI);
const k = 0.044715;

export interface GeluTanhValue {
  readonly value: number;
  readonly derivative: number;
}

export function geluTanhFloat64(x: number): GeluTanhValue {
  const v = 2 * c * (x + k * x ** 3);
  const e = Math.exp(-Math.abs(v));
  const sigmoid = v >= 0 ? 1 / (1 + e) : e / (1 + e);
  const sigmoidSlope = e / (1 + e) ** 2;
  return { value: x * sigmoid, derivative: sigmoid + x * sigmoidSlope * 2 * c * (1 + 3 * k * x * x) };
}

import type { ActivationDefinition } from '@rectify/activation-core';
import type { Tolerance } from '@rectify/activation-core/testing';

/**
 * WGSL lets implementations flush denormals, and Mesa and SwiftShader do: a denormal intermediate
 * (e^x below x = -87) becomes 0, which shows in outputs up to |x| 2^-126 (Mish at x = -88 is
 * -5.3e-37). Results below this magnitude are therefore not compared.
 */
export const ignoreBelow = 2 ** -100;

/**
 * Forward error bounds in float32 ulps against the float64 reference, measured on Dawn/Mesa
 * (OpenGL ES, compatibility mode) and SwiftShader over [-100, 100] and the conformance inputs.
 * Activations exact in float32 (the piecewise-linear ones) are exact; the rest measured at most
 * 4 ulp (ELU 1, SELU 2, CELU 1, sigmoid 2, tanh 1, Mish 4, hardswish 2; SiLU 3 and softplus 2 at beta = 1) and are held to 4.
 */
const forwardUlpBounds: Readonly<Record<string, number>> = {
  // The exact form measures 40 against this reference, which rounds the constant 1 / sqrt(2) to
  // float32 as hoisted constants are (erfc's condition number 2t^2 magnifies that); the kernels keep
  // (x / sqrt(2))^2 = x^2 / 2 exact, 4 ulp from the unrounded definition. The tanh approximation's
  // cubic is carried in two float32 parts: 3 ulp from its unrounded formula (gelu-accuracy.test.ts).
  'smooth/gelu': 64,
  // beta != 1 rounds u = beta x before the exponential, as PyTorch's float32 kernels do: up to
  // 2^floor(log2 |u|) ulps more, 64 for |u| in [64, 128) (63-65 measured on [-100, 100] at beta 1.7
  // and 3), plus the 3 of beta = 1.
  'smooth/silu': 72,
  'smooth/softplus': 72,
};

export function forwardUlpBound(definition: ActivationDefinition, exact: boolean): number {
  if (exact) return 0;
  return forwardUlpBounds[definition.id] ?? 4;
}

export const gradientUlpBound = (exact: boolean): number => (exact ? 0 : 8);

/** Both bounds as core's conformance suite takes them. */
export const conformanceTolerance = (definition: ActivationDefinition, exact: boolean): Tolerance => ({
  forwardUlp: forwardUlpBound(definition, exact),
  gradientUlp: gradientUlpBound(exact),
});

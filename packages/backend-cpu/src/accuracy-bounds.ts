import type { ActivationDefinition } from '@rectify/activation-core';

/**
 * Forward error bounds in float32 ulps against the float64 reference, as measured by
 * bench/accuracy.ts over [-100, 100] (see the README). Activations exact in float32 are exact.
 * GELU, SiLU and Mish lose accuracy where their results approach the float32 underflow threshold
 * (|x| > 10) and, for GELU, where erfc's condition number 2t^2 amplifies the rounding of x/sqrt(2).
 */
const forwardUlpBounds: Readonly<Record<string, number>> = {
  // The exact form measured 52-53 ulp against the reference, which rounds 1/sqrt(2) to float32 (4
  // against the unrounded definition, src/gelu-accuracy.test.ts); the tanh approximation 5.
  'smooth/gelu': 64,
  'smooth/mish': 64,
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

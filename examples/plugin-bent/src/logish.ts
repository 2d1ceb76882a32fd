import { defineActivation, log1p, mul, sigmoid } from '@rectify/activation-core';

/** Logish: f(x) = x * ln(1 + sigmoid(x)). */
export const logish = defineActivation({
  id: 'bent/logish',
  specVersion: 1,
  forward: (x) => mul(x, log1p(sigmoid(x))),
  docs: {
    name: 'Logish',
    latex: String.raw`f(x)=x\ln\big(1+\sigma(x)\big)`,
    description:
      'A smooth, non-monotonic activation in the family of Swish and Mish: about 0.69 x for large inputs, a small negative dip below zero, and a gradient everywhere.',
    conventions: 'Smooth everywhere; NaN propagates; f(-inf) is NaN (-inf * 0), as the same formula gives in float64.',
    properties: { monotonic: false, boundedBelow: true, boundedAbove: false, smooth: true, zeroCentered: false },
  },
});

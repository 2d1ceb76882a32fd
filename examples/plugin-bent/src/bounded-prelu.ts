import { defineActivation, gt, max, mul, neg, select } from '@rectify/activation-core';

/**
 * Bounded PReLU: PReLU whose negative side flattens below -knee.
 * f(x) = x for x > 0, alpha * x for -knee <= x <= 0, -alpha * knee below.
 */
export const boundedPrelu = defineActivation({
  id: 'bent/bounded_prelu',
  specVersion: 1,
  params: {
    alpha: { default: 0.25, learnable: true, perChannel: true, description: 'Learned slope for -knee <= x <= 0: one value, or one per channel (axis 1).' },
    knee: { default: 3, min: 0, exclusiveMin: true, description: 'Below x = -knee the output stays at -alpha * knee.' },
  },
  forward: (x, p) => select(gt(x, 0), x, mul(p.alpha, max(x, neg(p.knee)))),
  docs: {
    name: 'Bounded PReLU',
    latex: String.raw`f(x)=\begin{cases}x & x>0\\ a\,x & -k\le x\le 0\\ -a\,k & x<-k\end{cases}`,
    description:
      'Parametric ReLU with a floor: the slope below zero is learned as in PReLU, and inputs below -knee give the constant -alpha * knee, so one very negative pre-activation cannot push the output arbitrarily far (as ELU saturates, but piecewise-linear and exact in float32).',
    conventions: "f'(0) = alpha (PReLU's convention) and f'(-knee) = 0 (the flat side, as hardtanh at its bounds); d/dalpha = max(x, -knee) for x <= 0, else 0. NaN propagates.",
    properties: { monotonic: true, boundedBelow: true, boundedAbove: false, smooth: false, zeroCentered: false },
  },
});

import { defineActivation, exp, log1p, mul, tanh } from '@rectify/activation-core';

export const mish = defineActivation({
  id: 'smooth/mish',
  specVersion: 1,
  forward: (x) => mul(x, tanh(log1p(exp(x)))),
  docs: {
    name: 'Mish',
    latex: String.raw`f(x)=x\tanh\big(\ln(1+e^{x})\big)`,
    description: 'A smooth, self-regularised, non-monotonic activation close to Swish, used in YOLOv4.',
    conventions: 'Smooth everywhere; NaN propagates; evaluated as PyTorch does, x * tanh(log1p(exp(x))).',
    aliases: { pytorch: 'Mish', keras: 'mish' },
    paper: { title: 'Mish: A Self Regularized Non-Monotonic Activation Function', authors: 'Misra', year: 2019 },
    properties: { monotonic: false, boundedBelow: true, boundedAbove: false, smooth: true, zeroCentered: false },
  },
});

import { defineActivation, mul, sigmoid } from '@rectify/activation-core';

export const silu = defineActivation({
  id: 'smooth/silu',
  specVersion: 1,
  params: {
    beta: { default: 1, learnable: true, description: 'Sharpness: 1 gives SiLU, large values approach ReLU, 0 gives x/2. Learnable, as in Swish.' },
  },
  forward: (x, p) => mul(x, sigmoid(mul(p.beta, x))),
  docs: {
    name: 'SiLU / Swish',
    latex: String.raw`f(x)=x\,\sigma(\beta x)`,
    description:
      'The sigmoid-weighted linear unit (Swish with beta = 1): smooth, non-monotonic just below zero and unbounded above. With a learned beta it interpolates between a linear function and ReLU.',
    conventions: 'Smooth everywhere; NaN propagates.',
    aliases: { pytorch: 'SiLU', keras: 'silu', tfjs: 'swish' },
    paper: { title: 'Searching for Activation Functions', authors: 'Ramachandran, Zoph, Le', year: 2017 },
    properties: { monotonic: false, boundedBelow: true, boundedAbove: false, smooth: true, zeroCentered: false },
  },
});

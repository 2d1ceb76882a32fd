import { add, defineActivation, max, mul, sqrt, sub } from '@rectify/activation-core';

/** ReLU plus a learnable "bend": f(x) = max(x, 0) + bend * (sqrt(x^2 + 1) - 1). */
export const bentRelu = defineActivation({
  id: 'acme/bent_relu',
  specVersion: 1,
  params: { bend: { default: 0.5, min: 0, max: 1, learnable: true, description: 'Weight of the smooth bent-identity term.' } },
  forward: (x, p) => add(max(x, 0), mul(p.bend, sub(sqrt(add(mul(x, x), 1)), 1))),
  docs: {
    name: 'Bent ReLU',
    latex: String.raw`f(x)=\max(x,0)+b\,(\sqrt{x^2+1}-1)`,
    description: 'An example plugin activation: ReLU with a smooth bend that keeps a gradient for negative inputs.',
    conventions: "f'(0) = 0 from the ReLU part (PyTorch's convention) plus the smooth part's 0.",
  },
});

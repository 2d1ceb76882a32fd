import { defineActivation } from '../definition/define-activation.js';
import { div, expm1, gt, mul, select } from '../ir/builders.js';

export const celu = defineActivation({
  id: 'celu',
  specVersion: 1,
  params: { alpha: { default: 1, min: 0, exclusiveMin: true, description: 'Scale of the negative part; must be positive.' } },
  forward: (x, p) => select(gt(x, 0), x, mul(p.alpha, expm1(div(x, p.alpha)))),
  docs: {
    name: 'CELU',
    latex: String.raw`f(x)=\max(0,x)+\min\!\big(0,\alpha(e^{x/\alpha}-1)\big)`,
    description:
      'The continuously differentiable ELU: dividing by alpha inside the exponential makes the slope at 0 equal 1 for every alpha, so the function is C1 where ELU with alpha != 1 is not.',
    conventions: "celu'(0) = 1 for every alpha; NaN propagates. alpha must be positive (PyTorch rejects 0).",
    aliases: { pytorch: 'CELU', onnx: 'Celu' },
    paper: { title: 'Continuously Differentiable Exponential Linear Units', authors: 'Barron', year: 2017 },
    properties: { monotonic: true, boundedBelow: true, boundedAbove: false, smooth: false, zeroCentered: false },
  },
});

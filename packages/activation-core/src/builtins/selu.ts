import { defineActivation } from '../definition/define-activation.js';
import { add, expm1, gt, mul, select } from '../ir/builders.js';

/** PyTorch's constants, from the SELU paper's fixed point. */
export const seluAlpha = 1.6732632423543772;
export const seluScale = 1.0507009873554805;

export const selu = defineActivation({
  id: 'selu',
  specVersion: 1,
  forward: (x) => mul(seluScale, select(gt(x, 0), x, mul(seluAlpha, expm1(x)))),
  // In terms of the output, as ELU's: for x <= 0, f'(x) = scale alpha e^x = y + scale alpha.
  derivative: (x, _p, y) => select(gt(x, 0), seluScale, add(y, seluScale * seluAlpha)),
  // y > 0 exactly where x > 0, so a backward pass given y need not read x.
  derivativeFromOutput: (_x, _p, y) => select(gt(y, 0), seluScale, add(y, seluScale * seluAlpha)),
  docs: {
    name: 'SELU',
    latex: String.raw`f(x)=\lambda\begin{cases}x & x>0\\ \alpha(e^{x}-1) & x\le 0\end{cases},\ \lambda\approx1.0507,\ \alpha\approx1.6733`,
    description:
      'The scaled ELU keeps activations near zero mean and unit variance through a deep stack of dense layers (self-normalisation), provided weights use LeCun normal initialisation and dropout is alpha-dropout.',
    conventions:
      "selu'(0) = scale * alpha (PyTorch); NaN propagates. The derivative is written as f'(x) = y + scale * alpha for x <= 0, so a backward pass given the saved output reads it (and not x: y > 0 exactly where x > 0); when the kernels recompute y from x they simplify it to scale * alpha * e^x, which does not cancel for very negative x.",
    aliases: { pytorch: 'SELU', keras: 'selu', onnx: 'Selu', tfjs: 'selu' },
    paper: { title: 'Self-Normalizing Neural Networks', authors: 'Klambauer, Unterthiner, Mayr, Hochreiter', year: 2017 },
    properties: { monotonic: true, boundedBelow: true, boundedAbove: false, smooth: false, zeroCentered: false, selfNormalizing: true },
  },
});

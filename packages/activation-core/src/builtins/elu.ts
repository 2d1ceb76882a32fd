import { defineActivation } from '../definition/define-activation.js';
import { add, expm1, ge, gt, mul, select } from '../ir/builders.js';

export const elu = defineActivation({
  id: 'elu',
  specVersion: 1,
  params: { alpha: { default: 1, description: 'Value approached as x goes to -infinity is -alpha.' } },
  forward: (x, p) => select(gt(x, 0), x, mul(p.alpha, expm1(x))),
  // In terms of the output, as PyTorch's elu_backward with is_result: for x <= 0, f'(x) = alpha e^x = y + alpha.
  derivative: (x, p, y) => select(gt(x, 0), 1, add(y, p.alpha)),
  // For alpha >= 0, y > 0 exactly where x > 0, so a backward pass given y need not read x.
  derivativeFromOutput: (x, p, y) => select(ge(p.alpha, 0), select(gt(y, 0), 1, add(y, p.alpha)), select(gt(x, 0), 1, add(y, p.alpha))),
  docs: {
    name: 'ELU',
    latex: String.raw`f(x)=\begin{cases}x & x>0\\ \alpha(e^{x}-1) & x\le 0\end{cases}`,
    description:
      'The exponential linear unit is smooth for negative inputs and saturates at -alpha, which pushes mean activations towards zero and speeds up learning; negative units still pass a gradient, so they do not die.',
    conventions:
      "elu'(0) = alpha (PyTorch); NaN propagates. Computed with expm1, so it is accurate near 0. The derivative is written as f'(x) = y + alpha for x <= 0, as PyTorch's backward from the output; given the saved output and alpha >= 0 it reads y alone (y > 0 exactly where x > 0); when the kernels recompute y from x they simplify alpha (e^x - 1) + alpha to alpha e^x, which does not cancel for very negative x.",
    aliases: { pytorch: 'ELU', keras: 'elu', onnx: 'Elu', tfjs: { name: 'elu', note: 'tf.elu has no alpha: it is fixed at 1.' } },
    paper: { title: 'Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs)', authors: 'Clevert, Unterthiner, Hochreiter', year: 2015 },
    properties: { monotonic: true, boundedBelow: true, boundedAbove: false, smooth: false, zeroCentered: false },
  },
});

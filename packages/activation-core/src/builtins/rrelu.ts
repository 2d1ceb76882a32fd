import { defineActivation } from '../definition/define-activation.js';
import { add, gt, mul, select, sub, uniform } from '../ir/builders.js';

export const rrelu = defineActivation({
  id: 'rrelu',
  specVersion: 1,
  params: {
    lower: { default: 1 / 8, min: 0, max: 1, description: 'Lower bound of the random negative slope.' },
    upper: { default: 1 / 3, min: 0, max: 1, description: 'Upper bound of the random negative slope.' },
  },
  // Slope lower + (upper - lower) * u with u ~ U[0, 1) per element in training; u = 1/2 (the mean slope) in evaluation.
  forward: (x, p) => select(gt(x, 0), x, mul(add(p.lower, mul(sub(p.upper, p.lower), uniform())), x)),
  docs: {
    name: 'Randomized Leaky ReLU',
    latex: String.raw`f(x)=\begin{cases}x & x>0\\ a x & x\le 0\end{cases},\ a\sim U(l,u)\ \text{(training)},\ a=\tfrac{l+u}{2}\ \text{(evaluation)}`,
    description:
      'Leaky ReLU with a slope drawn at random per element while training and fixed to the mean slope for evaluation; the noise acts as a regulariser. Draws come from a seeded counter-based generator, so forward and backward agree and runs repeat exactly.',
    conventions: "Slope at x = 0 is the drawn (or mean) slope for the derivative, as in PyTorch's evaluation path; NaN propagates.",
    aliases: { pytorch: 'RReLU' },
    paper: { title: 'Empirical Evaluation of Rectified Activations in Convolutional Network', authors: 'Xu, Wang, Chen, Li', year: 2015 },
    properties: { monotonic: true, boundedBelow: false, boundedAbove: false, smooth: false, zeroCentered: false },
  },
});

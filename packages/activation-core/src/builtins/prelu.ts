import { defineActivation } from '../definition/define-activation.js';
import { gt, mul, select } from '../ir/builders.js';

export const prelu = defineActivation({
  id: 'prelu',
  specVersion: 1,
  params: {
    alpha: { default: 0.25, learnable: true, perChannel: true, description: 'Learned slope for x <= 0: one value, or one per channel (axis 1).' },
  },
  forward: (x, p) => select(gt(x, 0), x, mul(p.alpha, x)),
  docs: {
    name: 'Parametric ReLU',
    latex: String.raw`f(x)=\begin{cases}x & x>0\\ a x & x\le 0\end{cases}`,
    description:
      'Leaky ReLU whose negative slope is learned, either one slope for the layer or one per channel. Slopes start at 0.25; weight decay on them is usually switched off, as PyTorch advises.',
    conventions: "prelu'(0) = a and d/da = x for x <= 0, else 0 (PyTorch); the slope gradient is summed per channel.",
    aliases: {
      pytorch: { name: 'PReLU', note: 'alpha is the argument init; num_parameters gives one slope per channel.' },
      keras: { name: 'PReLU', defaults: { alpha: 0 }, note: 'the slopes start from alpha_initializer, zeros by default, one per unit unless shared_axes.' },
      onnx: { name: 'PRelu', note: 'the slope is an input tensor, broadcast against x; no default.' },
      tfjs: { name: 'prelu', note: 'tf.prelu takes alpha as a tensor, no default; tf.layers.prelu initialises it to zeros.' },
    },
    paper: { title: 'Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet Classification', authors: 'He, Zhang, Ren, Sun', year: 2015 },
    properties: { monotonic: true, boundedBelow: false, boundedAbove: false, smooth: false, zeroCentered: false },
  },
});

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
    aliases: { pytorch: 'PReLU', keras: 'PReLU', onnx: 'PRelu', tfjs: 'prelu' },
    paper: { title: 'Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet Classification', authors: 'He, Zhang, Ren, Sun', year: 2015 },
    properties: { monotonic: true, boundedBelow: false, boundedAbove: false, smooth: false, zeroCentered: false },
  },
});

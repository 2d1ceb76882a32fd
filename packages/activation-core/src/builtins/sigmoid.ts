import { defineActivation } from '../definition/define-activation.js';
import { sigmoid as logistic } from '../ir/builders.js';

export const sigmoid = defineActivation({
  id: 'sigmoid',
  specVersion: 1,
  forward: (x) => logistic(x),
  docs: {
    name: 'Sigmoid',
    latex: String.raw`f(x)=\frac{1}{1+e^{-x}}`,
    description:
      'The logistic function, for comparison. It saturates on both sides and its derivative is at most 1/4, so gradients shrink geometrically through depth: the vanishing-gradient problem ReLU avoids.',
    conventions: 'Smooth everywhere; NaN propagates; f(-inf) = 0, f(inf) = 1.',
    aliases: { pytorch: 'Sigmoid', keras: 'sigmoid', onnx: 'Sigmoid', tfjs: 'sigmoid' },
    properties: { monotonic: true, boundedBelow: true, boundedAbove: true, smooth: true, zeroCentered: false },
  },
});

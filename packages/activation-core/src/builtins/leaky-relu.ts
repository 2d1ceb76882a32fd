import { defineActivation } from '../definition/define-activation.js';
import { gt, mul, select } from '../ir/builders.js';

export const leakyRelu = defineActivation({
  id: 'leaky_relu',
  specVersion: 1,
  params: { alpha: { default: 0.01, description: 'Slope for x <= 0.' } },
  forward: (x, p) => select(gt(x, 0), x, mul(p.alpha, x)),
  docs: {
    name: 'Leaky ReLU',
    latex: String.raw`f(x)=\begin{cases}x & x>0\\ \alpha x & x\le 0\end{cases}`,
    description:
      'ReLU with a small slope alpha for negative inputs, so a unit that is off still passes a gradient and can come back: the usual cure for dying ReLUs at the cost of a little sparsity.',
    conventions: "leaky_relu'(0) = alpha, as in PyTorch; NaN propagates. Default slopes differ: 0.01 in PyTorch and ONNX, 0.3 in Keras, 0.2 in tf.nn and TensorFlow.js.",
    aliases: {
      pytorch: { name: 'LeakyReLU', note: 'alpha is the argument negative_slope.' },
      keras: { name: 'LeakyReLU', defaults: { alpha: 0.3 }, note: 'alpha is the argument negative_slope (alpha before Keras 3).' },
      onnx: 'LeakyRelu',
      tfjs: { name: 'leakyRelu', defaults: { alpha: 0.2 }, note: 'tf.leakyRelu and tf.layers.leakyReLU default to 0.2 and 0.3; tf.nn.leaky_relu in TensorFlow also uses 0.2.' },
    },
    paper: { title: 'Rectifier Nonlinearities Improve Neural Network Acoustic Models', authors: 'Maas, Hannun, Ng', year: 2013 },
    properties: { monotonic: true, boundedBelow: false, boundedAbove: false, smooth: false, zeroCentered: false },
  },
});

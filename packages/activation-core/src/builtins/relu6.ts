import { defineActivation } from '../definition/define-activation.js';
import { clamp } from '../ir/builders.js';

export const relu6 = defineActivation({
  id: 'relu6',
  specVersion: 1,
  forward: (x) => clamp(x, 0, 6),
  docs: {
    name: 'ReLU6',
    latex: String.raw`f(x)=\min(\max(0,x),6)`,
    description:
      'ReLU capped at 6, which bounds activations for low-precision and mobile networks (MobileNet). Above 6 the unit saturates and passes no gradient.',
    conventions: "relu6'(0) = relu6'(6) = 0 (PyTorch's hardtanh_backward); NaN propagates.",
    aliases: { pytorch: 'ReLU6', keras: 'relu6', tfjs: 'relu6' },
    paper: { title: 'Convolutional Deep Belief Networks on CIFAR-10', authors: 'Krizhevsky', year: 2010 },
    properties: { monotonic: true, boundedBelow: true, boundedAbove: true, smooth: false, zeroCentered: false },
  },
});

import { defineActivation } from '../definition/define-activation.js';
import { mul, sigmoid as logistic, sub } from '../ir/builders.js';

export const sigmoid = defineActivation({
  id: 'sigmoid',
  specVersion: 1,
  forward: (x) => logistic(x),
  // Given the saved output, PyTorch's sigmoid_backward: y (1 - y), reading y alone.
  derivativeFromOutput: (_x, _p, y) => mul(y, sub(1, y)),
  docs: {
    name: 'Sigmoid',
    latex: String.raw`f(x)=\frac{1}{1+e^{-x}}`,
    description:
      'The logistic function, for comparison. It saturates on both sides and its derivative is at most 1/4, so gradients shrink geometrically through depth: the vanishing-gradient problem ReLU avoids.',
    conventions:
      "Smooth everywhere; NaN propagates; f(-inf) = 0, f(inf) = 1. From x the derivative is computed as sigmoid(x) sigmoid(-x), accurate where it is tiny; a backward pass given the saved output computes y (1 - y) from y alone, as PyTorch's sigmoid_backward does, which loses the derivative's relative accuracy where y rounds near 1 (0 for x above about 17).",
    aliases: { pytorch: 'Sigmoid', keras: 'sigmoid', onnx: 'Sigmoid', tfjs: 'sigmoid' },
    properties: { monotonic: true, boundedBelow: true, boundedAbove: true, smooth: true, zeroCentered: false },
  },
});

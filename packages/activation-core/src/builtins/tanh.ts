import { defineActivation } from '../definition/define-activation.js';
import { mul, sub, tanh as hyperbolicTangent } from '../ir/builders.js';

export const tanh = defineActivation({
  id: 'tanh',
  specVersion: 1,
  forward: (x) => hyperbolicTangent(x),
  // Given the saved output, PyTorch's tanh_backward: 1 - y^2, reading y alone.
  derivativeFromOutput: (_x, _p, y) => sub(1, mul(y, y)),
  docs: {
    name: 'Tanh',
    latex: String.raw`f(x)=\tanh(x)`,
    description: 'The hyperbolic tangent, for comparison: zero-centred, but it saturates on both sides, so deep tanh networks suffer vanishing gradients.',
    conventions:
      "Smooth everywhere; NaN propagates; f(±inf) = ±1. From x the derivative is computed as 4 sigmoid(2x) sigmoid(-2x), accurate where it is tiny; a backward pass given the saved output computes 1 - y^2 from y alone, as PyTorch's tanh_backward does, which loses the derivative's relative accuracy where |y| rounds near 1 (0 for |x| above about 9).",
    aliases: { pytorch: 'Tanh', keras: 'tanh', onnx: 'Tanh', tfjs: 'tanh' },
    properties: { monotonic: true, boundedBelow: true, boundedAbove: true, smooth: true, zeroCentered: true },
  },
});

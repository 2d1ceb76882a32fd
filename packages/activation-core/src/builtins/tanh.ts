import { defineActivation } from '../definition/define-activation.js';
import { tanh as hyperbolicTangent } from '../ir/builders.js';

export const tanh = defineActivation({
  id: 'tanh',
  specVersion: 1,
  forward: (x) => hyperbolicTangent(x),
  docs: {
    name: 'Tanh',
    latex: String.raw`f(x)=\tanh(x)`,
    description: 'The hyperbolic tangent, for comparison: zero-centred, but it saturates on both sides, so deep tanh networks suffer vanishing gradients.',
    conventions: 'Smooth everywhere; NaN propagates; f(±inf) = ±1.',
    aliases: { pytorch: 'Tanh', keras: 'tanh', onnx: 'Tanh', tfjs: 'tanh' },
    properties: { monotonic: true, boundedBelow: true, boundedAbove: true, smooth: true, zeroCentered: true },
  },
});

import { defineActivation } from '../definition/define-activation.js';
import { x as input } from '../ir/builders.js';

export const identity = defineActivation({
  id: 'identity',
  specVersion: 1,
  forward: () => input,
  docs: {
    name: 'Identity',
    latex: String.raw`f(x)=x`,
    description: 'No non-linearity: a stack of linear layers with it collapses to one linear map. Included as the baseline that shows why a non-linearity matters.',
    conventions: 'f(x) = x everywhere, NaN and infinities included.',
    aliases: { pytorch: 'Identity', keras: 'linear', onnx: 'Identity', tfjs: 'linear' },
    properties: { monotonic: true, boundedBelow: false, boundedAbove: false, smooth: true, zeroCentered: true },
  },
});

import { defineActivation } from '../definition/define-activation.js';
import { le, select } from '../ir/builders.js';

export const threshold = defineActivation({
  id: 'threshold',
  specVersion: 1,
  params: {
    threshold: { default: 1, description: 'Inputs at or below it are replaced.' },
    value: { default: 0, description: 'What replaces inputs at or below the threshold.' },
  },
  forward: (x, p) => select(le(x, p.threshold), p.value, x),
  docs: {
    name: 'Threshold',
    latex: String.raw`f(x)=\begin{cases}x & x>\text{threshold}\\ \text{value} & x\le\text{threshold}\end{cases}`,
    description: 'Passes inputs above a threshold and replaces the rest with a fixed value; relu is threshold 0, value 0. Keras calls the value-0 case ThresholdedReLU (theta 1).',
    conventions: "Derivative 0 at the threshold; NaN passes through (NaN <= threshold is false), as in PyTorch.",
    aliases: {
      pytorch: { name: 'Threshold', note: 'threshold and value are required arguments; PyTorch replaces inputs at or below the threshold.' },
      keras: { name: 'ThresholdedReLU', note: 'theta (default 1.0) is the threshold; the replacement value is fixed at 0.' },
      onnx: { name: 'ThresholdedRelu', note: 'alpha (default 1.0) is the threshold; the replacement value is fixed at 0.' },
    },
    properties: { monotonic: false, boundedBelow: false, boundedAbove: false, smooth: false, zeroCentered: false },
  },
});

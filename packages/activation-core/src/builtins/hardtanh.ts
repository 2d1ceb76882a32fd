import { defineActivation } from '../definition/define-activation.js';
import { clamp } from '../ir/builders.js';

export const hardtanh = defineActivation({
  id: 'hardtanh',
  specVersion: 1,
  params: {
    min_val: { default: -1, description: 'Lower clip value; keep it below max_val.' },
    max_val: { default: 1, description: 'Upper clip value.' },
  },
  forward: (x, p) => clamp(x, p.min_val, p.max_val),
  docs: {
    name: 'Hardtanh',
    latex: String.raw`f(x)=\min(\max(x,\text{min\_val}),\text{max\_val})`,
    description: 'A piecewise-linear tanh: identity between the two clip values, constant outside. Cheap, but saturated units pass no gradient.',
    conventions: "hardtanh'(x) = 0 at both clip values (PyTorch); NaN propagates. With min_val > max_val the output is max_val everywhere, as torch.clamp gives.",
    aliases: { pytorch: 'Hardtanh' },
    properties: { monotonic: true, boundedBelow: true, boundedAbove: true, smooth: false, zeroCentered: true },
  },
});

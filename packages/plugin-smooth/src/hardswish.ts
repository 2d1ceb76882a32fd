import { add, clamp, defineActivation, div, le, lt, mul, select } from '@rectify/activation-core';

export const hardswish = defineActivation({
  id: 'smooth/hardswish',
  specVersion: 1,
  forward: (x) => div(mul(x, clamp(add(x, 3), 0, 6)), 6),
  // PyTorch's hardswish_backward: 0 below -3, x/3 + 1/2 on [-3, 3] (both ends included), 1 above.
  derivative: (x) => select(lt(x, -3), 0, select(le(x, 3), add(div(x, 3), 0.5), 1)),
  docs: {
    name: 'Hardswish',
    latex: String.raw`f(x)=x\,\frac{\operatorname{ReLU6}(x+3)}{6}`,
    description: 'A piecewise-quadratic approximation of Swish that needs no exponential, from MobileNetV3.',
    conventions: "f'(-3) = -1/2 and f'(3) = 3/2, as PyTorch's hardswish_backward; NaN propagates.",
    aliases: { pytorch: 'Hardswish', keras: 'hard_swish', onnx: 'HardSwish' },
    paper: { title: 'Searching for MobileNetV3', authors: 'Howard et al.', year: 2019 },
    properties: { monotonic: false, boundedBelow: true, boundedAbove: false, smooth: false, zeroCentered: false },
  },
});

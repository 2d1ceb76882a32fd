import { add, defineActivation, eq, erf, mul, select, tanh } from '@rectify/activation-core';

const sqrtHalf = Math.SQRT1_2;
const sqrtTwoOverPi = Math.sqrt(2 / Math.PI);

export const gelu = defineActivation({
  id: 'smooth/gelu',
  specVersion: 1,
  params: {
    approximate: { default: 0, choices: ['none', 'tanh'], description: '"none": the exact erf form; "tanh": the tanh approximation of the GPT-2/BERT code.' },
  },
  forward: (x, p) =>
    select(
      eq(p.approximate, 1),
      mul(mul(0.5, x), add(1, tanh(mul(sqrtTwoOverPi, add(x, mul(0.044715, mul(x, mul(x, x)))))))),
      mul(mul(0.5, x), add(1, erf(mul(x, sqrtHalf)))),
    ),
  docs: {
    name: 'GELU',
    latex: String.raw`f(x)=x\,\Phi(x)=\tfrac{x}{2}\big(1+\operatorname{erf}(x/\sqrt2)\big)`,
    description:
      'The Gaussian error linear unit weights its input by the probability that a standard normal variable is below it: a smooth ReLU that is slightly negative just below zero. The default of Transformers (BERT, GPT). approximate = "tanh" selects the faster tanh form.',
    conventions: 'Smooth everywhere, so no kink convention is needed; NaN propagates; values at ±Infinity follow the formula as PyTorch evaluates it.',
    aliases: { pytorch: 'GELU', keras: 'gelu', onnx: 'Gelu', tfjs: 'gelu' },
    paper: { title: 'Gaussian Error Linear Units (GELUs)', authors: 'Hendrycks, Gimpel', year: 2016 },
    properties: { monotonic: false, boundedBelow: true, boundedAbove: false, smooth: true, zeroCentered: false },
  },
});

import { defineActivation, div, exp, gt, log1p, mul, select, sigmoid } from '@rectify/activation-core';

export const softplus = defineActivation({
  id: 'smooth/softplus',
  specVersion: 1,
  params: {
    beta: { default: 1, min: 0, exclusiveMin: true, description: 'Sharpness; larger values approach ReLU.' },
    threshold: { default: 20, description: 'Above beta * x > threshold the function is x itself (as in PyTorch), avoiding overflow.' },
  },
  forward: (x, p) => select(gt(mul(x, p.beta), p.threshold), x, div(log1p(exp(mul(x, p.beta))), p.beta)),
  // PyTorch's softplus_backward: sigmoid(beta x) itself, where the derived form would be sigmoid(beta x) * beta / beta.
  derivative: (x, p) => select(gt(mul(x, p.beta), p.threshold), 1, sigmoid(mul(x, p.beta))),
  docs: {
    name: 'Softplus',
    latex: String.raw`f(x)=\tfrac{1}{\beta}\ln\big(1+e^{\beta x}\big)`,
    description: 'A smooth approximation of ReLU whose derivative is the sigmoid; always positive, never exactly zero, so it gives no sparsity.',
    conventions: 'Reverts to x where beta * x > threshold, exactly as PyTorch; NaN propagates.',
    aliases: {
      pytorch: 'Softplus',
      keras: { name: 'softplus', note: 'no beta or threshold: beta is fixed at 1 and there is no linear cut-over.' },
      onnx: { name: 'Softplus', note: 'no beta or threshold: beta is fixed at 1.' },
      tfjs: { name: 'softplus', note: 'no beta or threshold: beta is fixed at 1.' },
    },
    paper: { title: 'Incorporating Second-Order Functional Knowledge for Better Option Pricing', authors: 'Dugas, Bengio, Bélisle, Nadeau, Garcia', year: 2001 },
    properties: { monotonic: true, boundedBelow: true, boundedAbove: false, smooth: true, zeroCentered: false },
  },
});

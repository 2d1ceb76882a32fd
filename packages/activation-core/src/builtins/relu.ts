import { defineActivation } from '../definition/define-activation.js';
import { max } from '../ir/builders.js';

export const relu = defineActivation({
  id: 'relu',
  specVersion: 1,
  forward: (x) => max(x, 0),
  docs: {
    name: 'ReLU',
    latex: String.raw`f(x)=\max(0,x)`,
    description:
      'The rectified linear unit passes positive inputs unchanged and zeroes the rest. It does not saturate for x > 0, so gradients survive depth far better than with sigmoid or tanh, and it makes activations sparse. A unit whose pre-activation stays negative on every input gets no gradient and never recovers: the dying-ReLU problem, made likely by high learning rates or a bad bias or initialisation.',
    conventions: "relu'(0) = 0 (the subgradient PyTorch, TensorFlow and JAX use); relu(NaN) = NaN; relu'(NaN) = 1 as in PyTorch's threshold_backward.",
    aliases: { pytorch: 'ReLU', keras: 'relu', onnx: 'Relu', tfjs: 'relu' },
    paper: { title: 'Rectified Linear Units Improve Restricted Boltzmann Machines', authors: 'Nair, Hinton', year: 2010 },
    properties: { monotonic: true, boundedBelow: true, boundedAbove: false, smooth: false, zeroCentered: false },
  },
});

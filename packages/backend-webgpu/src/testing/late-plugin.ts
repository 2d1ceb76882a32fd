import { defineActivation, definePlugin, gt, mul, select } from '@rectify/activation-core';

/** A plugin the tests register after the backend exists: the backend compiles it on first use. */
export const latePlugin = definePlugin({
  name: 'late-plugin',
  version: '1.0.0',
  namespace: 'late',
  activations: [
    defineActivation({
      id: 'late/half_relu',
      specVersion: 1,
      params: { gain: { default: 0.5, learnable: true, description: 'Slope for x > 0.' } },
      forward: (x, p) => select(gt(x, 0), mul(p.gain, x), 0),
      docs: { name: 'Half ReLU', latex: String.raw`f(x)=g\max(0,x)`, description: 'A plugin registered after the backend exists.' },
    }),
  ],
});

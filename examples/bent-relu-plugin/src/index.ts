import type { ParamValuesOf } from '@rectify/activation-core';
import { definePlugin } from '@rectify/activation-core';
import { bentRelu } from './bent-relu.js';

export { bentRelu };

export const acmePlugin = definePlugin({ name: '@acme/rectify-bent-relu', version: '1.0.0', namespace: 'acme', activations: [bentRelu] });

declare module '@rectify/activation-core' {
  interface ActivationMap {
    'acme/bent_relu': ParamValuesOf<typeof bentRelu>;
  }
}

import type { ParamValuesOf } from '@rectify/activation-core';
import { definePlugin } from '@rectify/activation-core';
import { boundedPrelu } from './bounded-prelu.js';
import { logish } from './logish.js';

export { boundedPrelu, logish };

/** Bounded PReLU and Logish under the namespace "bent": `registry.use(bentPlugin)`. */
export const bentPlugin = definePlugin({
  name: '@acme/rectify-plugin-bent',
  version: '1.0.0',
  namespace: 'bent',
  activations: [boundedPrelu, logish],
});

// Typed ids and parameters: `backend.forward('bent/bounded_prelu', x, { alpha: 0.1 })` type-checks.
declare module '@rectify/activation-core' {
  interface ActivationMap {
    'bent/bounded_prelu': ParamValuesOf<typeof boundedPrelu>;
    'bent/logish': ParamValuesOf<typeof logish>;
  }
}

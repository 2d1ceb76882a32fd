import type { ParamValuesOf } from '@rectify/activation-core';
import { definePlugin } from '@rectify/activation-core';
import { gelu } from './gelu.js';
import { hardswish } from './hardswish.js';
import { mish } from './mish.js';
import { silu } from './silu.js';
import { softplus } from './softplus.js';

export { gelu, hardswish, mish, silu, softplus };

/** GELU, SiLU, Mish, Softplus and Hardswish under the namespace "smooth": `registry.use(smoothPlugin)`. */
export const smoothPlugin = definePlugin({
  name: '@rectify/plugin-smooth',
  version: '0.1.0',
  namespace: 'smooth',
  activations: [gelu, silu, mish, softplus, hardswish],
});

declare module '@rectify/activation-core' {
  interface ActivationMap {
    'smooth/gelu': ParamValuesOf<typeof gelu>;
    'smooth/silu': ParamValuesOf<typeof silu>;
    'smooth/mish': ParamValuesOf<typeof mish>;
    'smooth/softplus': ParamValuesOf<typeof softplus>;
    'smooth/hardswish': ParamValuesOf<typeof hardswish>;
  }
}

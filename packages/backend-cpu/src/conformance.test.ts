import { builtinActivations, createRegistry, defineActivation, definePlugin, gt, mul, select } from '@rectify/activation-core';
import { describeConformance } from '@rectify/activation-core/testing';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { describe, it } from 'vitest';
import { forwardUlpBound } from './accuracy-bounds.js';
import { createCpuBackend } from './index.js';
import { fusedMultiplyAddModes, multiplyAddName } from './testing/multiply-add-modes.js';

const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
// The compiled kernels with each multiply-add mode the platform offers (relaxed SIMD's fused one too).
const compiled = fusedMultiplyAddModes.map((relaxedSimd) => [multiplyAddName(relaxedSimd), createCpuBackend({ registry, engine: 'wasm-simd', relaxedSimd, threads: 1 })] as const);
const interpreter = createCpuBackend({ registry, engine: 'interpreter' });

// A plugin registered after both backends were created: they compile it on first use.
const halfRelu = defineActivation({
  id: 'late/half_relu',
  specVersion: 1,
  params: { gain: { default: 0.5, learnable: true, description: 'Slope for x > 0.' } },
  forward: (x, p) => select(gt(x, 0), mul(p.gain, x), 0),
  docs: { name: 'Half ReLU', latex: String.raw`f(x)=g\max(0,x)`, description: 'A plugin registered after the backend exists.' },
});
registry.use(definePlugin({ name: 'late-plugin', version: '1.0.0', namespace: 'late', activations: [halfRelu] }));

const tolerance = (definition: Parameters<typeof forwardUlpBound>[0], exact: boolean) => ({
  forwardUlp: forwardUlpBound(definition, exact),
  gradientUlp: exact ? 0 : 8,
});

for (const [name, backend] of compiled) {
  describe(`wasm-simd, ${name}`, () => {
    describeConformance({ describe, it }, { backend, tolerance, compareWith: interpreter });
  });
}
describeConformance({ describe, it }, { backend: interpreter, tolerance });

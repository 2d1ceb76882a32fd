import { builtinActivations, createRegistry, defineActivation, definePlugin, gt, mul, select } from '@rectify/activation-core';
import { describeTrainingOpsConformance } from '@rectify/activation-core/testing';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { describe, it } from 'vitest';
import { forwardUlpBound } from './accuracy-bounds.js';
import { createCpuBackend } from './index.js';
import { fusedMultiplyAddModes, multiplyAddName } from './testing/multiply-add-modes.js';

const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
const oneThread = fusedMultiplyAddModes.map((relaxedSimd) => [multiplyAddName(relaxedSimd), createCpuBackend({ registry, engine: 'wasm-simd', relaxedSimd, threads: 1 })] as const);
const threaded = createCpuBackend({ registry, engine: 'wasm-simd', threads: 2 });
const interpreter = createCpuBackend({ registry, engine: 'interpreter' });

// A plugin with a learnable scalar parameter, registered after the backends exist: they compile it on first use.
const halfRelu = defineActivation({
  id: 'late/half_relu',
  specVersion: 1,
  params: { gain: { default: 0.5, learnable: true, description: 'Slope for x > 0.' } },
  forward: (x, p) => select(gt(x, 0), mul(p.gain, x), 0),
  docs: { name: 'Half ReLU', latex: String.raw`f(x)=g\max(0,x)`, description: 'A plugin registered after the backend exists.' },
});
registry.use(definePlugin({ name: 'late-plugin', version: '1.0.0', namespace: 'late', activations: [halfRelu] }));

const options = { test: { describe, it }, registry, ulpBound: forwardUlpBound };

for (const [name, backend] of oneThread) describeTrainingOpsConformance(`cpu wasm-simd, 1 thread, ${name}`, () => backend, options);
describeTrainingOpsConformance('cpu wasm-simd, 2 threads', () => threaded, { ...options, ids: ['relu', 'prelu', 'rrelu', 'late/half_relu'] });
describeTrainingOpsConformance('cpu interpreter', () => interpreter, options);

import type { ActivationDefinition } from '@rectify/activation-core';
import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { describeConformance } from '@rectify/activation-core/testing';
import { createCpuBackend } from '@rectify/backend-cpu';
import { describe, it } from 'vitest';
import { bentPlugin } from './index.js';
import { webgpuBackend } from './testing/webgpu.js';

const registry = createRegistry({ activations: builtinActivations, plugins: [bentPlugin] });
const backend = await webgpuBackend(registry);
const ids = bentPlugin.activations.map((definition) => definition.id);

/**
 * Bounded PReLU is exact in float32. Logish measured at most 4 ulp forward and 2 backward on Dawn
 * (Vulkan and OpenGL ES) over 240,000 inputs; GPUs differ in their math, so it is held to 8.
 */
const tolerance = (_definition: ActivationDefinition, exact: boolean) => (exact ? { forwardUlp: 0, gradientUlp: 0 } : { forwardUlp: 8, gradientUlp: 8 });

if (backend === undefined) {
  describe.skip('conformance: webgpu (no adapter)', () => {
    it('skipped', () => undefined);
  });
} else {
  // WGSL lets GPUs flush denormals (Mesa and SwiftShader do): results below 2^-100 are not compared.
  describeConformance({ describe, it }, { backend, ids, tolerance, ignoreBelow: 2 ** -100, compareWith: createCpuBackend({ registry, threads: 1 }) });
}

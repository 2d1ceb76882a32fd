import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { describeTrainingOpsConformance } from '@rectify/activation-core/testing';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { describe, it } from 'vitest';
import { forwardUlpBound, gradientUlpBound, ignoreBelow } from './testing/accuracy-bounds.js';
import { latePlugin } from './testing/late-plugin.js';
import { testBackend } from './testing/node-gpu.js';

/**
 * Core's training-ops suite on Dawn (OpenGL ES, compatibility mode, Mesa): every op against the
 * float64 reference, every activation (built-ins, plugin-smooth and a plugin registered after the
 * backend exists) fused into denseForward and run through activationForward/Backward with
 * per-channel parameters as tensors. Under CI=true a missing adapter fails instead of skipping.
 */
const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
const backend = await testBackend({ registry });
registry.use(latePlugin);

if (backend !== undefined) {
  describeTrainingOpsConformance('webgpu (Dawn, OpenGL ES, compatibility mode)', () => backend, {
    test: { describe, it },
    registry,
    ulpBound: forwardUlpBound,
    gradientUlpBound: (_definition, exact) => gradientUlpBound(exact),
    ignoreBelow,
  });
} else {
  describe.skip('training ops conformance: webgpu (no adapter)', () => { it('skipped', () => undefined); });
}

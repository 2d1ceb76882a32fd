import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { describeConformance } from '@rectify/activation-core/testing';
import { createCpuBackend } from '@rectify/backend-cpu';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { describe, it } from 'vitest';
import { conformanceTolerance, ignoreBelow } from './testing/accuracy-bounds.js';
import { latePlugin } from './testing/late-plugin.js';
import { testBackend } from './testing/node-gpu.js';

const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
const backend = await testBackend({ registry });
const cpuBackend = createCpuBackend({ registry, threads: 1 });
// Registered after both backends exist: they compile it on first use.
registry.use(latePlugin);

if (backend !== undefined) describeConformance({ describe, it }, { backend, tolerance: conformanceTolerance, compareWith: cpuBackend, ignoreBelow });
else describe.skip('conformance: webgpu (no adapter)', () => { it('skipped', () => undefined); });

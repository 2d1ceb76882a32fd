import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { describeConformance } from '@rectify/activation-core/testing';
import { createCpuBackend } from '@rectify/backend-cpu';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { describe, it } from 'vitest';
import { conformanceTolerance } from './testing/accuracy-bounds.js';
import { latePlugin } from './testing/late-plugin.js';
import { testBackend } from './testing/node-gpu.js';

const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
const backend = await testBackend({ registry });
const cpuBackend = createCpuBackend({ registry, threads: 1 });
// Registered after both backends exist: they compile it on first use.
registry.use(latePlugin);

/**
 * WGSL lets implementations flush denormals, and Mesa and SwiftShader do: a denormal intermediate
 * (e^x below x = -87) becomes 0, which shows in outputs up to |x| 2^-126 (Mish at x = -88 is
 * -5.3e-37). Results below 2^-100 in magnitude are therefore not compared.
 */
const ignoreBelow = 2 ** -100;

if (backend !== undefined) describeConformance({ describe, it }, { backend, tolerance: conformanceTolerance, compareWith: cpuBackend, ignoreBelow });
else describe.skip('conformance: webgpu (no adapter)', () => { it('skipped', () => undefined); });

import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { describeConformance } from '@rectify/activation-core/testing';
import { createCpuBackend } from '@rectify/backend-cpu';
import { describe, expect, it } from 'vitest';
import { bentPlugin } from './index.js';

const registry = createRegistry({ activations: builtinActivations, plugins: [bentPlugin] });
const backend = createCpuBackend({ registry, threads: 1 });
const ids = bentPlugin.activations.map((definition) => definition.id);

describe('on the CPU backend', () => {
  it('runs the plugin ids with typed parameters', () => {
    const y = backend.forward('bent/bounded_prelu', Float32Array.of(-10, -1, 2), { alpha: 0.5, knee: 4 });
    expect([...y]).toEqual([-2, -0.5, 2]);
    const { gradParams } = backend.backward('bent/bounded_prelu', Float32Array.of(-10, -1, 2), Float32Array.of(1, 1, 1), { alpha: 0.5, knee: 4 });
    expect(gradParams['alpha']).toBe(-5);
    // @ts-expect-error: knee is a number
    expect(() => backend.forward('bent/bounded_prelu', Float32Array.of(1), { knee: 'deep' })).toThrow();
  });
});

// Forward, backward, per-channel alpha, tails, in-place, NaN and infinities against the float64 reference.
describeConformance({ describe, it }, { backend, ids });

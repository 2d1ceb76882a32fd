import { builtinActivations, createRegistry, referenceForward } from '@rectify/activation-core';
import { createCpuBackend } from '@rectify/backend-cpu';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { afterAll, describe, expect, it } from 'vitest';
import { ulpDistance } from './testing/measure-accuracy.js';
import { testBackend } from './testing/node-gpu.js';

/**
 * GELU's erf(x / sqrt(2)) is ill-conditioned in its argument for large |x|, so the kernels must not
 * round x / sqrt(2) before squaring it. Against the float64 definition with 1 / sqrt(2) unrounded
 * (the conformance reference rounds hoisted constants to float32, which alone moves 39 ulp), and
 * against the CPU backend, which forms the product in float64.
 */
const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
const backend = await testBackend({ registry });
const input = Float32Array.from({ length: 200_001 }, (_, i) => -100 + i / 1000);
const ignoreBelow = 2 ** -100;
const worst = (expected: ArrayLike<number>, actual: ArrayLike<number>): number => {
  let result = 0;
  for (let i = 0; i < input.length; i++) result = Math.max(result, ulpDistance(Math.fround(expected[i] ?? 0), actual[i] ?? 0, ignoreBelow));
  return result;
};

describe.runIf(backend !== undefined)('GELU on WebGPU keeps erfc well conditioned', () => {
  afterAll(() => backend?.destroy());

  it('is within 8 ulp of the float64 definition on [-100, 100]', async () => {
    if (backend === undefined) return;
    const expected = referenceForward(registry.get('smooth/gelu'), input, {}, { float32Uniforms: false });
    expect(worst(expected, await backend.forward('smooth/gelu', input))).toBeLessThanOrEqual(8);
  });

  it('is within 8 ulp of the CPU backend on [-100, 100]', async () => {
    if (backend === undefined) return;
    const cpu = createCpuBackend({ registry, threads: 1 }).forward('smooth/gelu', input);
    expect(worst(cpu, await backend.forward('smooth/gelu', input))).toBeLessThanOrEqual(8);
  });
});

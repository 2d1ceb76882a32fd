import { builtinActivations, createRegistry, erfcFloat64, referenceForward } from '@rectify/activation-core';
import { createCpuBackend } from '@rectify/backend-cpu';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { afterAll, describe, expect, it } from 'vitest';
import { accuracyGrid, worstUlps } from './testing/measure-accuracy.js';
import { testBackend } from './testing/node-gpu.js';

/**
 * GELU's erf(x / sqrt(2)) is ill-conditioned in its argument for large |x|, so the kernels must not
 * round x / sqrt(2) before squaring it. Against the float64 definition with 1 / sqrt(2) unrounded
 * (the conformance reference rounds hoisted constants to float32, which alone moves 39 ulp), and
 * against the CPU backend, which does the same in WebAssembly.
 */
const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
const backend = await testBackend({ registry });
const input = accuracyGrid();
const ignoreBelow = 2 ** -100;
const actual = await backend?.forward('smooth/gelu', input);

describe.runIf(backend !== undefined)('GELU on WebGPU keeps erfc well conditioned', () => {
  afterAll(() => backend?.destroy());

  it('is within 8 ulp of the float64 definition on [-100, 100]', () => {
    if (actual === undefined) return;
    const expected = referenceForward(registry.get('smooth/gelu'), input, {}, { float32Uniforms: false });
    expect(worstUlps(expected, actual, ignoreBelow)).toBeLessThanOrEqual(8);
  });

  it('has a derivative within 8 ulp of the float64 one on [-13, -1.5], away from its zero at x = -0.75', async () => {
    if (backend === undefined) return;
    const n = 1 << 17;
    const x = Float32Array.from({ length: n }, (_, index) => -13 + (11.5 * index) / (n - 1));
    const { gradInput } = await backend.backward('smooth/gelu', x, new Float32Array(n).fill(1));
    const expected = Array.from(x, (v) => 0.5 * erfcFloat64(-v * Math.SQRT1_2) + (v * Math.exp(-0.5 * v * v)) / Math.sqrt(2 * Math.PI));
    expect(worstUlps(expected, gradInput, ignoreBelow)).toBeLessThanOrEqual(8);
  });

  it('is within 8 ulp of the CPU backend on [-100, 100]', () => {
    if (actual === undefined) return;
    const cpu = createCpuBackend({ registry, threads: 1 }).forward('smooth/gelu', input);
    expect(worstUlps(cpu, actual, ignoreBelow)).toBeLessThanOrEqual(8);
  });
});

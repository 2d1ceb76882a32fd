import { builtinActivations, createRegistry, erfcFloat64, referenceForward } from '@rectify/activation-core';
import { createCpuBackend } from '@rectify/backend-cpu';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { afterAll, describe, expect, it } from 'vitest';
import { geluTanhFloat64 } from '../../../test-support/gelu-tanh-float64.js';
import { ignoreBelow } from './testing/accuracy-bounds.js';
import { accuracyGrid, worstUlps } from './testing/measure-accuracy.js';
import { testBackend } from './testing/node-gpu.js';

/**
 * GELU's erf(x / sqrt(2)) is ill-conditioned in its argument for large |x|, so the kernels must not
 * round x / sqrt(2) before squaring it. Against the float64 definition with 1 / sqrt(2) unrounded
 * (the conformance reference rounds hoisted constants to float32, which alone moves 39 ulp), and
 * against the CPU backend, which does the same in WebAssembly. Likewise the tanh approximation's
 * sigmoid(+-2c (x + 0.044715 x^3)), whose tail turns the cubic's absolute error into relative error
 * in the result: the kernels carry the cubic in two float32 parts.
 */
const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
const backend = await testBackend({ registry });
const input = accuracyGrid();
const actual = await backend?.forward('smooth/gelu', input);

/** Inputs on [-100, -1.5] and [0, 100]: the derivative's zero near x = -0.75 comes from cancellation. */
const n = 1 << 17;
const awayFromZero = Float32Array.from({ length: n }, (_, index) => (index % 2 === 0 ? -100 + (98.5 * index) / n : (100 * index) / n));

describe.runIf(backend !== undefined)("GELU on WebGPU keeps erfc and the tanh form's cubic well conditioned", () => {
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

  it('keeps the tanh approximation within 4 ulp of its float64 formula on [-100, 100]', async () => {
    if (backend === undefined) return;
    const tanhForm = await backend.forward('smooth/gelu', input, { approximate: 'tanh' });
    expect(worstUlps(Array.from(input, (v) => geluTanhFloat64(v).value), tanhForm, ignoreBelow)).toBeLessThanOrEqual(4);
  });

  it("keeps the tanh approximation's derivative within 8 ulp on [-100, -1.5] and [0, 100]", async () => {
    if (backend === undefined) return;
    const { gradInput } = await backend.backward('smooth/gelu', awayFromZero, new Float32Array(n).fill(1), { approximate: 'tanh' });
    expect(worstUlps(Array.from(awayFromZero, (v) => geluTanhFloat64(v).derivative), gradInput, ignoreBelow)).toBeLessThanOrEqual(8);
  });

  it('is within 8 ulp of the CPU backend on [-100, 100]', () => {
    if (actual === undefined) return;
    const cpu = createCpuBackend({ registry, threads: 1 }).forward('smooth/gelu', input);
    expect(worstUlps(cpu, actual, ignoreBelow)).toBeLessThanOrEqual(8);
  });
});

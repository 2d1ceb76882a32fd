import { builtinActivations, createRegistry, erfcFloat64, referenceForward } from '@rectify/activation-core';
import { ulpDistance } from '@rectify/activation-core/testing';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { describe, expect, it } from 'vitest';
import { geluTanhFloat64 } from '../../../test-support/gelu-tanh-float64.js';
import { createCpuBackend } from './index.js';
import { fusedMultiplyAddModes, multiplyAddName } from './testing/multiply-add-modes.js';

/**
 * GELU's erf(x / sqrt(2)) has condition number 2t^2 in its argument, so both engines form c x in
 * float64 from the unrounded constant. The conformance reference rounds hoisted constants such as
 * 1 / sqrt(2) to float32, which alone moves GELU by about 48 ulp near x = -12; against the float64
 * definition with the constant unrounded, both engines hold 4 ulp.
 */
const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
const count = 1 << 17;
const input = Float32Array.from({ length: count }, (_, index) => -100 + (200 * index) / (count - 1));
const expected = referenceForward(registry.get('smooth/gelu'), input, {}, { float32Uniforms: false });

/** Largest ulp distance of `actual` from reference(index) rounded to float32, over results of `floor` and above. */
function worstUlp(actual: Float32Array, reference: (index: number) => number, floor = 2 ** -126): number {
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const want = Math.fround(reference(i));
    if (Math.abs(want) < floor) continue;
    worst = Math.max(worst, ulpDistance(want, actual[i] ?? 0));
  }
  return worst;
}

/** The wasm-simd engine with each multiply-add mode the platform offers, and the interpreter. */
const engines = [
  ...fusedMultiplyAddModes.map((relaxedSimd) => [`wasm-simd, ${multiplyAddName(relaxedSimd)}`, { engine: 'wasm-simd', relaxedSimd }] as const),
  ['interpreter', { engine: 'interpreter' }] as const,
];

describe.each(engines)('GELU on the %s engine', (_, engine) => {
  it('is within 4 ulp of the float64 definition on [-100, 100] (results of 2^-126 and above)', () => {
    const actual = createCpuBackend({ registry, ...engine, threads: 1 }).forward('smooth/gelu', input);
    expect(worstUlp(actual, (i) => expected[i] ?? 0)).toBeLessThanOrEqual(4);
  });

  it('keeps the tanh approximation within 4 ulp of its float64 formula on [-100, 100] (results of 2^-126 and above)', () => {
    const actual = createCpuBackend({ registry, ...engine, threads: 1 }).forward('smooth/gelu', input, { approximate: 'tanh' });
    expect(worstUlp(actual, (i) => geluTanhFloat64(input[i] ?? 0).value)).toBeLessThanOrEqual(4);
  });

  it("keeps the tanh approximation's derivative within 8 ulp on [-100, -1.5] and [0, 100] (results of 2^-100 and above)", () => {
    // Its sigmoid(+-v) factors take the cubic in float64 too: 199 ulp when it was rounded to float32.
    // Results below 2^-100 (x below -9.3) are products of a sigmoid in the denormal range and lose
    // its bits: about 110 ulp for results just above 2^-126.
    const n = 1 << 17;
    const x = Float32Array.from({ length: n }, (_, index) => (index % 2 === 0 ? -100 + (98.5 * index) / n : (100 * index) / n));
    const gradient = createCpuBackend({ registry, ...engine, threads: 1 }).backward('smooth/gelu', x, new Float32Array(n).fill(1), { approximate: 'tanh' }).gradInput;
    expect(worstUlp(gradient, (i) => geluTanhFloat64(x[i] ?? 0).derivative, 2 ** -100)).toBeLessThanOrEqual(8);
  });

  it('has a derivative within 4 ulp of the float64 one on [-13, -1.5] (results of 2^-126 and above)', () => {
    // Away from the derivative's zero near x = -0.75, where its two terms cancel.
    const n = 1 << 17;
    const x = Float32Array.from({ length: n }, (_, index) => -13 + (11.5 * index) / (n - 1));
    const gradient = createCpuBackend({ registry, ...engine, threads: 1 }).backward('smooth/gelu', x, new Float32Array(n).fill(1)).gradInput;
    const derivative = (v: number): number => 0.5 * erfcFloat64(-v * Math.SQRT1_2) + (v * Math.exp(-0.5 * v * v)) / Math.sqrt(2 * Math.PI);
    expect(worstUlp(gradient, (i) => derivative(x[i] ?? 0))).toBeLessThanOrEqual(4);
  });
});

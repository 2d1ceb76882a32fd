import { builtinActivations, createRegistry, referenceForward } from '@rectify/activation-core';
import { ulpDistance } from '@rectify/activation-core/testing';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from './index.js';

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

describe.each(['wasm-simd', 'interpreter'] as const)('GELU on the %s engine', (engine) => {
  it('is within 4 ulp of the float64 definition on [-100, 100] (results of 2^-126 and above)', () => {
    const actual = createCpuBackend({ registry, engine, threads: 1 }).forward('smooth/gelu', input);
    let worst = 0;
    for (let i = 0; i < count; i++) {
      const want = Math.fround(expected[i] ?? 0);
      if (Math.abs(want) < 2 ** -126) continue;
      worst = Math.max(worst, ulpDistance(want, actual[i] ?? 0));
    }
    expect(worst).toBeLessThanOrEqual(4);
  });
});

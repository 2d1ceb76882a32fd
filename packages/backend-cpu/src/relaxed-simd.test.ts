import { builtinActivations, createRegistry, referenceForward } from '@rectify/activation-core';
import { normalSamples, ulpDistance } from '@rectify/activation-core/testing';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { describe, expect, it, vi } from 'vitest';
import { canUseRelaxedSimd } from './engine.js';
import { createCpuBackend } from './index.js';
import { expectCode } from './testing/expect-code.js';
import { relaxedMultiplyAddFuses } from './testing/multiply-add-modes.js';

const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
const inCI = process.env['CI'] === 'true';

describe('relaxed SIMD', () => {
  it('is offered here, so the fused path is tested (the test runner enables it on Node 20)', () => {
    if (!inCI && !canUseRelaxedSimd()) {
      console.warn('Relaxed SIMD is not offered here: the fused multiply-add path is not tested.');
      return;
    }
    expect(canUseRelaxedSimd()).toBe(true);
  });

  it('is used by default where offered and reported; false turns it off', () => {
    const available = canUseRelaxedSimd();
    expect(createCpuBackend({ registry, threads: 1 }).relaxedSimd).toBe(available);
    expect(createCpuBackend({ registry, threads: 1, relaxedSimd: false }).relaxedSimd).toBe(false);
    expect(createCpuBackend({ registry, engine: 'interpreter' }).relaxedSimd).toBe(false);
  });

  it('refuses relaxedSimd: true where it cannot be had, and a value that is not a boolean', () => {
    expectCode(() => createCpuBackend({ registry, engine: 'interpreter', relaxedSimd: true }), 'INVALID_OPTION', /interpreter/);
    expectCode(() => createCpuBackend({ registry, relaxedSimd: 'yes' as never }), 'INVALID_OPTION', /boolean/);
    // A platform without relaxed SIMD rejects its opcodes when validating.
    const validate = vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    try {
      const backend = createCpuBackend({ registry, threads: 1 });
      expect(backend.engine).toBe('wasm-simd');
      expect(backend.relaxedSimd).toBe(false);
      expectCode(() => createCpuBackend({ registry, relaxedSimd: true }), 'INVALID_OPTION', /does not offer WebAssembly relaxed SIMD/);
    } finally {
      validate.mockRestore();
    }
  });

  it.runIf(canUseRelaxedSimd())('rounds multiply-adds once where the hardware fuses them, and leaves the results within the bounds', () => {
    const input = Float32Array.from(normalSamples(1 << 16, 7, 4));
    const fused = createCpuBackend({ registry, threads: 1, relaxedSimd: true });
    const separate = createCpuBackend({ registry, threads: 1, relaxedSimd: false });
    for (const id of ['sigmoid', 'elu', 'smooth/silu']) {
      const a = fused.forward(id, input);
      const b = separate.forward(id, input);
      const reference = referenceForward(registry.get(id), input, {}, { float32Uniforms: true });
      let differing = 0;
      let worst = 0;
      for (let i = 0; i < input.length; i++) {
        if (!Object.is(a[i], b[i])) differing++;
        if (Math.abs(reference[i] ?? 0) >= 2 ** -126) worst = Math.max(worst, ulpDistance(Math.fround(reference[i] ?? 0), a[i] ?? 0));
      }
      // Fused: some results move by the rounding saved; not fused: the same operations, the same bits.
      if (relaxedMultiplyAddFuses()) expect(differing, id).toBeGreaterThan(0);
      else expect(differing, id).toBe(0);
      expect(worst, id).toBeLessThanOrEqual(4);
    }
  });
});

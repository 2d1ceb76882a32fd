import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { ulpDistance } from '@rectify/activation-core/testing';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from './index.js';
import { fusedMultiplyAddModes, multiplyAddName } from './testing/multiply-add-modes.js';

/**
 * Softplus's derivative is PyTorch's softplus_backward: sigmoid(u) for u = beta x rounded to float32
 * (as the forward rounds it), and 1 above the threshold. Computed as sigmoid(u) * beta / beta, it
 * would carry two more roundings (3 ulp at beta 1.7 and 3).
 */
const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
const count = 1 << 17;
const input = Float32Array.from({ length: count }, (_, index) => -100 + (200 * index) / (count - 1));
const ones = new Float32Array(count).fill(1);

const engines = [
  ...fusedMultiplyAddModes.map((relaxedSimd) => [`wasm-simd, ${multiplyAddName(relaxedSimd)}`, { engine: 'wasm-simd', relaxedSimd }, 2] as const),
  ['interpreter', { engine: 'interpreter' }, 0] as const,
];

describe.each(engines)('softplus backward on the %s engine', (_, engine, bound) => {
  it.each([1, 1.7, 3])(`is within ${bound} ulp of sigmoid(beta x) on [-100, 100] (beta %s, results of 2^-126 and above)`, (beta) => {
    const { gradInput } = createCpuBackend({ registry, ...engine, threads: 1 }).backward('smooth/softplus', input, ones, { beta });
    let worst = 0;
    for (let i = 0; i < count; i++) {
      const u = Math.fround((input[i] ?? 0) * Math.fround(beta));
      const want = Math.fround(u > 20 ? 1 : 1 / (1 + Math.exp(-u)));
      if (want >= 2 ** -126) worst = Math.max(worst, ulpDistance(want, gradInput[i] ?? Number.NaN));
    }
    expect(worst).toBeLessThanOrEqual(bound);
  });
});

// Measures forward and backward error of every registered activation against the float64 reference,
// in float32 ulps, over [-100, 100] (normal results only), on each engine, and on the compiled one
// with relaxed SIMD's multiply-add too where the platform offers it.
// Run: tsx ../../scripts/with-relaxed-simd.ts --import tsx --conditions=@rectify/source bench/accuracy.ts
// (Node 20 gets --experimental-wasm-relaxed-simd; Node 22 and later have relaxed SIMD and refuse the flag).
import { analyze, builtinActivations, createRegistry, referenceDerivative, referenceForward } from '@rectify/activation-core';
import { ulpDistance } from '@rectify/activation-core/testing';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { canUseRelaxedSimd } from '../src/engine.js';
import type { CpuBackendOptions } from '../src/index.js';
import { createCpuBackend } from '../src/index.js';

const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
const count = 1 << 20;
const input = Float32Array.from({ length: count }, (_, index) => -100 + (200 * index) / (count - 1));
const ones = new Float32Array(count).fill(1);
const smallestNormal = 2 ** -126;

function worst(expected: Float64Array, actual: Float32Array): { ulp: number; at: number } {
  let ulp = 0;
  let at = Number.NaN;
  expected.forEach((value, index) => {
    const want = Math.fround(value);
    const got = actual[index] ?? Number.NaN;
    if (Math.abs(want) < smallestNormal && Math.abs(got) < smallestNormal) return;
    const distance = ulpDistance(want, got);
    if (distance > ulp) {
      ulp = distance;
      at = input[index] ?? Number.NaN;
    }
  });
  return { ulp, at };
}

const variants: Record<string, CpuBackendOptions> = {
  'wasm-simd': { engine: 'wasm-simd', relaxedSimd: false },
  ...(canUseRelaxedSimd() ? { 'wasm-simd, relaxed multiply-add': { engine: 'wasm-simd', relaxedSimd: true } } : {}),
  interpreter: { engine: 'interpreter' },
};
for (const [name, options] of Object.entries(variants)) {
  const backend = createCpuBackend({ registry, ...options, threads: 1 });
  console.log(`\n${name}: max error in float32 ulps over [-100, 100] (${count} points), results below 2^-126 skipped`);
  console.log('activation          forward (at x)          d/dx with gradOutput 1 (at x)');
  for (const definition of registry.list()) {
    const forward = worst(referenceForward(definition, input, {}, { float32Uniforms: true }), backend.forward(definition.id, input));
    // A derivative written in terms of y (ELU's y + alpha) cancels for very negative x even in float64; the kernels compute alpha e^x there.
    const derived = analyze(definition).derivativeUsesOutput;
    const backward = worst(referenceDerivative(definition, input, {}, { float32Uniforms: true, derived }), backend.backward(definition.id, input, ones).gradInput);
    console.log(`${definition.id.padEnd(20)}${`${forward.ulp} (${forward.at.toFixed(3)})`.padEnd(24)}${backward.ulp} (${backward.at.toFixed(3)})`);
  }
  backend.destroy();
}

// Measures forward and backward error of every registered activation against the float64 reference,
// in float32 ulps, over [-100, 100] (normal results only). Run: npx tsx --conditions=@rectify/source bench/accuracy.ts
import { analyze, builtinActivations, createRegistry, referenceDerivative, referenceForward } from '@rectify/activation-core';
import { ulpDistance } from '@rectify/activation-core/testing';
import { smoothPlugin } from '@rectify/plugin-smooth';
import type { CpuEngine } from '../src/index.js';
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

for (const engine of ['wasm-simd', 'interpreter'] as CpuEngine[]) {
  const backend = createCpuBackend({ registry, engine, threads: 1 });
  console.log(`\n${engine}: max error in float32 ulps over [-100, 100] (${count} points), results below 2^-126 skipped`);
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

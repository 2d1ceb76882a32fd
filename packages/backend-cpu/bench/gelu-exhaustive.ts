/**
 * Every float32 x in [-14.85, 14.85] (2,195,401,984 values; beyond, GELU is -0 or x itself) through
 * the CPU backend's GELU (exact form), against x / 2 erfc(-x / sqrt(2)) in float64 rounded to float32:
 * the largest ulp distance where the result is normal, and the largest distance in steps of 2^-149
 * where it is denormal. About 70 s. Run with
 * `npx tsx --conditions=@rectify/source packages/backend-cpu/bench/gelu-exhaustive.ts`.
 */
import { builtinActivations, createRegistry, erfcFloat64 } from '@rectify/activation-core';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { createCpuBackend } from '../src/index.js';
import { float32FromBits, measureAccuracy } from '../src/wasm/simd-math-accuracy.js';

const LAST_BITS = float32Bits(Math.fround(10.5 * Math.SQRT2));
const CHUNK = 1 << 22;

function float32Bits(value: number): number {
  return new Int32Array(Float32Array.of(value).buffer)[0] ?? 0;
}

const reference = (x: number): number => 0.5 * x * erfcFloat64(-x * Math.SQRT1_2);
const backend = createCpuBackend({ registry: createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] }), threads: 1 });
const inputs = new Float32Array(CHUNK);
const outputs = new Float32Array(CHUNK);
let count = 0;
let worst = { ulp: 0, input: Number.NaN, got: Number.NaN, want: Number.NaN };
let worstDenormal = 0;
/** Chunks by their largest error: 0, 1, 2, 3, 4, 5 or more ulp. */
const histogram = [0, 0, 0, 0, 0, 0];
for (const sign of [0, 0x80000000]) {
  for (let start = 0; start <= LAST_BITS; start += CHUNK) {
    const length = Math.min(CHUNK, LAST_BITS - start + 1);
    for (let k = 0; k < length; k++) inputs[k] = float32FromBits((start + k) | sign);
    const input = inputs.subarray(0, length);
    const report = measureAccuracy(input, backend.forward('smooth/gelu', input, {}, { out: outputs.subarray(0, length) }), reference);
    count += length;
    const bucket = Math.min(report.maxUlp, histogram.length - 1);
    histogram[bucket] = (histogram[bucket] ?? 0) + 1;
    if (report.maxUlp > worst.ulp) worst = { ulp: report.maxUlp, input: report.worstInput, got: report.worstGot, want: report.worstWant };
    worstDenormal = Math.max(worstDenormal, report.maxDenormalUlp);
  }
}
console.log(`GELU, every float32 in [-14.85, 14.85] (${count.toLocaleString('en')} values)`);
console.log(`largest error ${worst.ulp} ulp at x = ${worst.input} (got ${worst.got}, want ${worst.want}); denormal results ${worstDenormal} steps of 2^-149`);
console.log(`chunks of ${CHUNK.toLocaleString('en')} values by their largest error (0, 1, 2, 3, 4, 5+ ulp): ${histogram.join(', ')}`);

/**
 * Every float32 x in [-25, 0] (1,103,626,241 values) through the x <= 0 expm1 that ELU, SELU and
 * CELU use, against Math.expm1 rounded to float32: the largest ulp distance and where it occurs
 * (about 20 s). Run with `npx tsx packages/backend-cpu/bench/expm1-non-positive-exhaustive.ts`.
 */
import { compileSimdMath, float32FromBits, measureAccuracy } from '../src/wasm/simd-math-accuracy.js';
import { emitExpm1OfNonPositive } from '../src/wasm/simd-math.js';

const LAST_BITS = 0x41c80000; // 25.0
const CHUNK = 1 << 22;

const kernel = compileSimdMath(emitExpm1OfNonPositive, 1024);
const inputs = new Float32Array(CHUNK);
const outputs = new Float32Array(CHUNK);
let count = 0;
let worst = { ulp: 0, input: Number.NaN, got: Number.NaN, want: Number.NaN };
let worstDenormal = 0;
for (let start = 0; start <= LAST_BITS; start += CHUNK) {
  const length = Math.min(CHUNK, LAST_BITS - start + 1);
  for (let k = 0; k < length; k++) inputs[k] = float32FromBits((start + k) | 0x80000000);
  const report = measureAccuracy(inputs.subarray(0, length), kernel.run(inputs.subarray(0, length), outputs.subarray(0, length)), Math.expm1);
  count += length;
  if (report.maxUlp > worst.ulp) worst = { ulp: report.maxUlp, input: report.worstInput, got: report.worstGot, want: report.worstWant };
  worstDenormal = Math.max(worstDenormal, report.maxDenormalUlp);
}
console.log(`expm1 for x <= 0, every float32 in [-25, 0] (${count.toLocaleString('en')} values)`);
console.log(`largest error ${worst.ulp} ulp at x = ${worst.input} (got ${worst.got}, want ${worst.want}); denormal results ${worstDenormal} ulp`);

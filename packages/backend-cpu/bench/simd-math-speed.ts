/**
 * Speed of the SIMD math emitters: ns per element over 1M float32 elements (median of runs), next
 * to a kernel that only copies. Run with `npx tsx packages/backend-cpu/bench/simd-math-speed.ts`.
 */
import { compileSimdMath, xorshift32 } from '../src/wasm/simd-math-accuracy.js';
import type { SimdMathEmitter, SimdMathName } from '../src/wasm/simd-math.js';
import { simdMathFunctions } from '../src/wasm/simd-math.js';

const ELEMENTS = 1 << 20;
const RUNS = 31;
/** 8 MiB: inputs in the first half, outputs in the second. */
const PAGES = (ELEMENTS * 4 * 2) / 65536;

/** Inputs inside each function's main domain (no NaN, no denormal results). */
const domains: Readonly<Record<SimdMathName, readonly [number, number]>> = {
  exp: [-20, 20],
  expm1: [-5, 5],
  log: [1e-3, 1e3],
  log1p: [-0.9, 100],
  tanh: [-6, 6],
  sigmoid: [-12, 12],
  erf: [-4, 4],
  erfc: [-6, 6],
};

const copy: SimdMathEmitter = (f, x) => {
  f.get(x);
};

function nsPerElement(emitter: SimdMathEmitter, [lo, hi]: readonly [number, number]): number {
  const { kernel, memory } = compileSimdMath(emitter, PAGES);
  const input = new Float32Array(memory.buffer, 0, ELEMENTS);
  const next = xorshift32(12345);
  for (let i = 0; i < ELEMENTS; i++) input[i] = lo + ((hi - lo) * next()) / 2 ** 32;
  const out = ELEMENTS * 4;
  // Enough calls for the optimising compiler to replace the baseline code.
  for (let i = 0; i < 10; i++) kernel(0, out, ELEMENTS);
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint();
    kernel(0, out, ELEMENTS);
    times.push(Number(process.hrtime.bigint() - start));
  }
  times.sort((a, b) => a - b);
  return (times[Math.floor(times.length / 2)] ?? Number.NaN) / ELEMENTS;
}

const rows: [string, number][] = [['copy', nsPerElement(copy, [-1, 1])]];
for (const [name, emitter] of Object.entries(simdMathFunctions)) {
  rows.push([name, nsPerElement(emitter, domains[name as SimdMathName])]);
}
const base = rows[0]?.[1] ?? 0;
console.log(`${ELEMENTS} elements, median of ${RUNS} runs`);
console.log('function   ns/element   over copy');
for (const [name, ns] of rows) {
  console.log(`${name.padEnd(10)} ${ns.toFixed(3).padStart(10)}   ${(ns - base).toFixed(3).padStart(9)}`);
}

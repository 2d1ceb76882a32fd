/**
 * The kernels with relaxed SIMD's multiply-add against the same kernels with a multiply then an
 * add, in one process, op by op, alternating the two so both see the same minutes of the machine.
 * One thread, random normal inputs in allocate()d buffers, medians; GB/s as in the main benchmark.
 * Then the training GEMM on the products of one MNIST MLP step, in GFLOP/s.
 * Node 20 needs --experimental-wasm-relaxed-simd, which the package script passes there only
 * (scripts/with-relaxed-simd.ts): Node 22 and later have relaxed SIMD and refuse the flag.
 *
 *   pnpm bench:relaxed-simd [--sizes 1000,1048576,16777216] [--rounds 5]
 */
import { parseArgs } from 'node:util';
import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { canUseRelaxedSimd } from '../src/engine.js';
import { createCpuBackend } from '../src/index.js';
import { allOps, bytesPerElement, opLabel } from './cases.js';
import { gemmCall, gemmCases, gflops } from './gemm-cases.js';
import { randomNormal } from './inputs.js';
import { fullMeasure, measureSync, median } from './measure.js';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1000,1048576,16777216' }, rounds: { type: 'string', default: '5' } } });
const sizes = values.sizes.split(',').map(Number);
const rounds = Number(values.rounds);

if (!canUseRelaxedSimd()) {
  console.error('This platform does not offer WebAssembly relaxed SIMD (Node 20: run with --experimental-wasm-relaxed-simd).');
  process.exit(1);
}

const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
const backends = { fused: createCpuBackend({ registry, threads: 1, relaxedSimd: true }), separate: createCpuBackend({ registry, threads: 1, relaxedSimd: false }) };
// Ops with an exponential, logarithm, tanh or erf (the others have no polynomial to fuse), and ELU's
// backward from the output, which has none either: a control for the machine's noise.
const ops = allOps.filter((op) => !['relu', 'leaky_relu', 'prelu', 'relu6', 'hardtanh', 'threshold'].includes(op.id));

console.log(`One thread, median of ${rounds} rounds, each the median of repeated calls.`);
console.log('| op | elements | multiply then add GB/s (µs per call) | relaxed multiply-add GB/s (µs per call) | ratio |');
console.log('| --- | --- | --- | --- | --- |');
for (const size of sizes) {
  const x = randomNormal(size, 1);
  const grad = randomNormal(size, 2);
  for (const op of ops) {
    const rates: Record<keyof typeof backends, number[]> = { fused: [], separate: [] };
    for (let round = 0; round < rounds; round++) {
      for (const [name, backend] of Object.entries(backends) as [keyof typeof backends, (typeof backends)['fused']][]) {
        const [input, gradOutput, out] = [backend.allocate(size), backend.allocate(size), backend.allocate(size)];
        input.set(x);
        gradOutput.set(grad);
        const output = op.direction === 'backward-from-output' ? backend.forward(op.id, input, op.params) : undefined;
        const run =
          op.direction === 'forward'
            ? () => { backend.forward(op.id, input, op.params, { out }); }
            : () => { backend.backward(op.id, input, gradOutput, op.params, { out, paramGradients: op.inputGradientOnly !== true, ...(output === undefined ? {} : { output }) }); };
        const runner = { kind: 'sync', run, dispose: () => undefined } as const;
        // The first measurement warms up: V8 replaces a new kernel's baseline code while it runs.
        if (round === 0) measureSync(runner, fullMeasure);
        const seconds = measureSync(runner, fullMeasure).secondsPerCall;
        rates[name].push((size * bytesPerElement(op.direction)) / seconds / 1e9);
        for (const buffer of [input, gradOutput, out]) backend.free(buffer);
      }
    }
    const separate = median(rates.separate);
    const fused = median(rates.fused);
    const microseconds = (rate: number): string => ((size * bytesPerElement(op.direction)) / rate / 1e3).toFixed(size < 1e5 ? 2 : 0);
    console.log(`| ${opLabel(op)} | ${size} | ${separate.toFixed(2)} (${microseconds(separate)}) | ${fused.toFixed(2)} (${microseconds(fused)}) | ${(fused / separate).toFixed(2)} |`);
  }
}

// The training GEMM accumulates with the multiply-add too: the products of one MNIST MLP step.
console.log('\n| product | multiply then add GFLOP/s | relaxed multiply-add GFLOP/s | ratio |');
console.log('| --- | --- | --- | --- |');
const stepSeconds: Record<keyof typeof backends, number[]> = { fused: [], separate: [] };
const caseRates = new Map<string, Record<keyof typeof backends, number[]>>(gemmCases.map((c) => [c.name, { fused: [], separate: [] }]));
for (let round = 0; round < rounds; round++) {
  for (const [name, backend] of Object.entries(backends) as [keyof typeof backends, (typeof backends)['fused']][]) {
    let step = 0;
    for (const c of gemmCases) {
      const call = gemmCall(backend, c);
      const runner = { kind: 'sync', ...call } as const;
      if (round === 0) measureSync(runner, fullMeasure);
      const seconds = measureSync(runner, fullMeasure).secondsPerCall;
      call.dispose();
      step += seconds;
      caseRates.get(c.name)?.[name].push(gflops(c, seconds));
    }
    stepSeconds[name].push(step);
  }
}
for (const c of gemmCases) {
  const rates = caseRates.get(c.name);
  if (rates === undefined) continue;
  const [separate, fused] = [median(rates.separate), median(rates.fused)];
  console.log(`| ${c.name} | ${separate.toFixed(1)} | ${fused.toFixed(1)} | ${(fused / separate).toFixed(2)} |`);
}
const stepFlops = gemmCases.reduce((sum, c) => sum + 2 * c.m * c.k * c.n, 0);
const [stepSeparate, stepFused] = [stepFlops / median(stepSeconds.separate) / 1e9, stepFlops / median(stepSeconds.fused) / 1e9];
console.log(`| all nine (one training step) | ${stepSeparate.toFixed(1)} | ${stepFused.toFixed(1)} | ${(stepFused / stepSeparate).toFixed(2)} |`);
for (const backend of Object.values(backends)) backend.destroy();

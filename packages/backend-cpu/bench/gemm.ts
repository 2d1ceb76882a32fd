/**
 * GEMM throughput on the shapes of an MNIST MLP 784-128-64-10 at batch 64: the fused dense forward
 * (bias + relu epilogue) and the two backward products of each layer (dW = xᵀ·dz, dx = dz·Wᵀ).
 * Median GFLOP/s (2·m·k·n per call) of Rectify's CPU backend on 1 and 2 threads, TensorFlow.js's
 * WebAssembly backend (the faster of its matMul and fused matMul, transposes as flags) and PyTorch's CPU path in a child process
 * when /usr/bin/python3 has torch; ratios against each peer.
 *
 * Ours uses relaxed SIMD's multiply-add where offered (the script passes Node 20 its flag);
 * --no-relaxed-simd times the multiply then add.
 *
 * Run: pnpm --filter @rectify/backend-cpu bench:gemm [--quick] [--no-relaxed-simd]
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { canUseRelaxedSimd } from '../src/engine.js';
import { createCpuBackend } from '../src/index.js';
import { batch, gemmCall, gemmCases as cases, gflops, randomValues } from './gemm-cases.js';
import type { MeasureOptions } from './measure.js';
import { fullMeasure, measureSync, quickMeasure } from './measure.js';

const measureOptions: MeasureOptions = process.argv.includes('--quick') ? quickMeasure : fullMeasure;
const relaxedSimd = process.argv.includes('--no-relaxed-simd') ? false : canUseRelaxedSimd();

function measureRectify(threads: number): Map<string, number> {
  const backend = createCpuBackend({ threads, relaxedSimd });
  const results = new Map<string, number>();
  try {
    for (const c of cases) {
      const call = gemmCall(backend, c);
      results.set(c.name, measureSync({ kind: 'sync', ...call }, measureOptions).secondsPerCall);
      call.dispose();
    }
  } finally {
    backend.destroy();
  }
  return results;
}

async function measureTfjsWasm(): Promise<{ description: string; results: Map<string, number> } | undefined> {
  tf.env().set('PROD', true);
  const require = createRequire(import.meta.url);
  setWasmPaths(`${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'))}${path.sep}`);
  if (!(await tf.setBackend('wasm'))) return undefined;
  const results = new Map<string, number>();
  for (const c of cases) {
    const a = tf.tensor2d(randomValues(c.m * c.k, 1), c.transposeA ? [c.k, c.m] : [c.m, c.k]);
    const b = tf.tensor2d(randomValues(c.k * c.n, 2), c.transposeB ? [c.n, c.k] : [c.k, c.n]);
    const bias = tf.tensor1d(randomValues(c.n, 3));
    const time = (run: () => void): number => measureSync({ kind: 'sync', run, dispose: () => undefined }, measureOptions).secondsPerCall;
    if (c.dense) {
      results.set(c.name, time(() => { tf.fused.matMul({ a, b, bias, activation: 'relu' }).dispose(); }));
    } else {
      // tfjs's best of its plain and fused kernels (the fused one is faster for some shapes).
      const plain = time(() => { tf.matMul(a, b, c.transposeA, c.transposeB).dispose(); });
      const fused = time(() => { tf.fused.matMul({ a, b, transposeA: c.transposeA, transposeB: c.transposeB }).dispose(); });
      results.set(c.name, Math.min(plain, fused));
    }
    tf.dispose([a, b, bias]);
  }
  return { description: `tfjs-core ${tf.version_core} wasm, SIMD ${String(tf.env().getBool('WASM_HAS_SIMD_SUPPORT'))}, one thread (tfjs disables wasm threads in Node)`, results };
}

function measurePytorch(threads: number): { description: string; results: Map<string, number> } | undefined {
  const python = '/usr/bin/python3';
  if (spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0) return undefined;
  const script = fileURLToPath(new URL('pytorch_gemm.py', import.meta.url));
  const child = spawnSync(python, [script], { input: JSON.stringify({ threads, measure: measureOptions, cases }), encoding: 'utf8', cwd: path.dirname(script), maxBuffer: 1 << 24 });
  if (child.status !== 0) {
    process.stderr.write(`pytorch_gemm.py failed: ${child.stderr}\n`);
    return undefined;
  }
  const report = JSON.parse(child.stdout) as { version: string; threads: number; results: { name: string; secondsPerCall: number }[] };
  return { description: `PyTorch ${report.version}, ${report.threads} thread(s)`, results: new Map(report.results.map((result) => [result.name, result.secondsPerCall])) };
}

const column = (value: number | undefined): string => (value === undefined ? '—' : value.toFixed(1)).padStart(10);
const ratio = (mine: number | undefined, theirs: number | undefined): string => (mine === undefined || theirs === undefined ? '—' : `${(theirs / mine).toFixed(2)}x`).padStart(10);

async function main(): Promise<void> {
  // PyTorch first, in its own process, so it never competes with the in-process runs for cores.
  const torch1 = measurePytorch(1);
  const torch2 = measurePytorch(2);
  const ours1 = measureRectify(1);
  const ours2 = measureRectify(2);
  const tfjs = await measureTfjsWasm();
  console.log(`GEMM, MNIST MLP shapes at batch ${batch}: median GFLOP/s (2mkn per call), ${measureOptions === quickMeasure ? 'quick' : 'full'} measurement`);
  console.log(`ours: ${relaxedSimd ? "relaxed SIMD's multiply-add" : 'a multiply then an add'}`);
  console.log(`peers: ${tfjs?.description ?? 'tfjs wasm unavailable'}; ${torch1?.description ?? 'PyTorch unavailable'}${torch2 === undefined ? '' : `; ${torch2.description}`}`);
  console.log(`${'case'.padEnd(44)}${'ours 1t'.padStart(10)}${'ours 2t'.padStart(10)}${'tfjs-wasm'.padStart(10)}${'torch 1t'.padStart(10)}${'torch 2t'.padStart(10)}${'1t/tfjs'.padStart(10)}${'1t/torch'.padStart(10)}${'2t/torch'.padStart(10)}`);
  for (const c of cases) {
    const seconds = (results: Map<string, number> | undefined): number | undefined => results?.get(c.name);
    const rate = (results: Map<string, number> | undefined): number | undefined => {
      const value = seconds(results);
      return value === undefined ? undefined : gflops(c, value);
    };
    console.log(
      `${c.name.padEnd(44)}${column(rate(ours1))}${column(rate(ours2))}${column(rate(tfjs?.results))}${column(rate(torch1?.results))}${column(rate(torch2?.results))}` +
        `${ratio(seconds(ours1), seconds(tfjs?.results))}${ratio(seconds(ours1), seconds(torch1?.results))}${ratio(seconds(ours2), seconds(torch2?.results))}`,
    );
  }
  const total = (results: Map<string, number> | undefined): number | undefined => {
    if (results === undefined) return undefined;
    let sum = 0;
    for (const c of cases) sum += results.get(c.name) ?? Number.NaN;
    return sum;
  };
  const flops = cases.reduce((sum, c) => sum + 2 * c.m * c.k * c.n, 0);
  const all = (results: Map<string, number> | undefined): number | undefined => {
    const value = total(results);
    return value === undefined ? undefined : flops / value / 1e9;
  };
  console.log(
    `${'all nine products (one training step)'.padEnd(44)}${column(all(ours1))}${column(all(ours2))}${column(all(tfjs?.results))}${column(all(torch1?.results))}${column(all(torch2?.results))}` +
      `${ratio(total(ours1), total(tfjs?.results))}${ratio(total(ours1), total(torch1?.results))}${ratio(total(ours2), total(torch2?.results))}`,
  );
  console.log('Ratios are time(peer) / time(ours): above 1x means ours is faster.');
}

await main();

/**
 * `pnpm bench` in packages/trainer: MNIST MLP 784-128-64-10 ReLU, batch 64, Adam 1e-3, 3 epochs on
 * one 8,000 / 2,000 split, for Rectify (CPU at 1 and 2 threads; WebGPU with --webgpu), TensorFlow.js
 * layers (cpu and wasm backends) and PyTorch's CPU path. Prints training samples/s (median epoch),
 * test accuracy and ratios against tfjs-wasm and PyTorch at the same thread count.
 * Flags: --webgpu (add Rectify on WebGPU), --no-tfjs, --no-pytorch.
 */
import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { createCpuBackend } from '@rectify/backend-cpu';
import { loadMnist } from '@rectify/trainer';
import { isTrainingBackend } from '../src/cli/training-backend.js';
import type { BenchPlan, BenchResult } from './bench-result.js';
import { median } from './bench-result.js';
import { benchPytorch, torchAvailable } from './pytorch-peer.js';
import { benchRectify } from './rectify-peer.js';
import { benchTfjs } from './tfjs-peer.js';

const plan: BenchPlan = { epochs: 3, batchSize: 64, learningRate: 1e-3, seed: 0 };
const args = new Set(process.argv.slice(2));
const data = await loadMnist({ trainSize: 8000, testSize: 2000, seed: plan.seed });
const results: BenchResult[] = [];
const log = (result: BenchResult): void => {
  results.push(result);
  console.error(`${result.peer} (${result.threads} thread${result.threads === 1 ? '' : 's'}): ${Math.round(median(result.samplesPerSecond))} samples/s, ${(100 * result.testAccuracy).toFixed(2)}%`);
};

if (args.has('--no-pytorch')) {
  console.error('PyTorch skipped (--no-pytorch).');
} else if (torchAvailable()) {
  for (const threads of [1, 2]) log(await benchPytorch(data, plan, threads));
} else {
  console.error('PyTorch is not installed for /usr/bin/python3: skipped.');
}

for (const threads of [1, 2]) {
  const registry = createRegistry({ activations: builtinActivations });
  const backend = createCpuBackend({ registry, threads });
  if (!isTrainingBackend(backend)) throw new Error('@rectify/backend-cpu has no training ops');
  log(await benchRectify(backend, registry, data, plan, `rectify cpu (${backend.engine})`, backend.threads));
  backend.destroy();
}

if (args.has('--webgpu')) {
  const { createWebGPUBackend } = await import('@rectify/backend-webgpu');
  const registry = createRegistry({ activations: builtinActivations });
  const backend = await createWebGPUBackend({ registry });
  if (!isTrainingBackend(backend)) throw new Error('@rectify/backend-webgpu has no training ops');
  const info: unknown = Reflect.get(backend.device, 'adapterInfo');
  const description = typeof info === 'object' && info !== null ? String(Reflect.get(info, 'description') ?? Reflect.get(info, 'vendor') ?? '') : '';
  log(await benchRectify(backend, registry, data, plan, `rectify webgpu ${description}`.trim(), 0));
  backend.destroy();
}

if (!args.has('--no-tfjs')) {
  log(await benchTfjs('wasm', data, plan));
  log(await benchTfjs('cpu', data, plan));
}

const reference = (peer: string, threads: number): BenchResult | undefined => results.find((result) => result.peer.startsWith(peer) && result.threads === threads);
const wasm = reference('tfjs-wasm', 1);
const rows = results.map((result) => {
  const speed = median(result.samplesPerSecond);
  const torch = reference('pytorch', result.threads);
  const ratio = (other: BenchResult | undefined): string => (other === undefined ? '-' : `${(speed / median(other.samplesPerSecond)).toFixed(2)}x`);
  return [result.peer, result.threads === 0 ? 'gpu' : String(result.threads), Math.round(speed).toLocaleString('en-US'), `${(100 * result.testAccuracy).toFixed(2)}%`, ratio(wasm), ratio(torch)];
});
const headers = ['peer', 'threads', 'samples/s (median epoch)', 'test accuracy', 'vs tfjs-wasm', 'vs PyTorch, same threads'];
console.log(`\nMNIST MLP 784-128-64-10 ReLU, batch ${plan.batchSize}, Adam ${plan.learningRate}, ${plan.epochs} epochs, 8,000 / 2,000 split (seed ${plan.seed})\n`);
console.log(`| ${headers.join(' | ')} |`);
console.log(`| ${headers.map(() => '---').join(' | ')} |`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);

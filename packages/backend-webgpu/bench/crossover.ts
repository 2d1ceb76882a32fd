/**
 * Where does WebGPU start to beat the CPU backend? Forward time by array size, medians of repeated
 * runs, for the CPU backend (one thread and all threads) and for WebGPU counted two ways: the
 * array-level call (upload, kernel, read back) and the tensor-level call on data already on the GPU.
 * `EGL_PLATFORM=surfaceless pnpm --filter @rectify/backend-webgpu bench:crossover [--json FILE]`
 * (FILE feeds the crossover chart of the docs site's backends guide).
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { createCpuBackend } from '@rectify/backend-cpu';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { testBackend } from '../src/testing/node-gpu.js';
import { medianTime } from './median-time.js';

const sizes = [1 << 10, 1 << 12, 1 << 14, 1 << 16, 1 << 18, 1 << 20, 1 << 22, 1 << 24];
const activations = ['relu', 'elu', 'smooth/gelu'] as const;
const jsonPath = process.argv.includes('--json') ? process.argv[process.argv.indexOf('--json') + 1] : undefined;

/** Median milliseconds of `run`, with enough repetitions for small sizes to be measurable. */
const median = (run: () => unknown, size: number): Promise<number> => medianTime(run, size <= 1 << 16 ? 41 : size <= 1 << 20 ? 15 : 7);

const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
const gpu = await testBackend({ registry });
if (gpu === undefined) throw new Error('No WebGPU adapter: set EGL_PLATFORM=surfaceless and install Mesa (see the README).');
const single = createCpuBackend({ registry, threads: 1 });
const threaded = createCpuBackend({ registry });
const info = gpu.device.adapterInfo;
const adapter = `${info.vendor} ${info.architecture} ${info.description}`.trim();

interface Row {
  readonly size: number;
  readonly cpuOneThreadMs: number;
  readonly cpuThreadsMs: number;
  readonly webgpuArrayMs: number;
  readonly webgpuResidentMs: number;
}

const results: Record<string, Row[]> = {};
console.log(`CPU: ${cpus()[0]?.model ?? 'unknown'} (${threaded.threads} threads of ${availableParallelism()}); WebGPU adapter: ${adapter}`);
for (const id of activations) {
  const rows: Row[] = [];
  console.log(`\n${id}: forward time in ms (median)\n${['size', 'cpu 1 thread', `cpu ${threaded.threads} threads`, 'webgpu array', 'webgpu resident', 'faster'].map((cell) => cell.padStart(16)).join('')}`);
  for (const size of sizes) {
    const input = Float32Array.from({ length: size }, (_, index) => Math.sin(index * 0.37) * 4);
    const out = new Float32Array(size);
    const cpuOneThreadMs = await median(() => single.forward(id, input, {}, { out }), size);
    const cpuThreadsMs = await median(() => threaded.forward(id, input, {}, { out }), size);
    const webgpuArrayMs = await median(() => gpu.forward(id, input), size);
    const tensor = gpu.upload(input);
    const webgpuResidentMs = await median(async () => {
      const result = await gpu.forwardTensor(id, tensor);
      await gpu.device.queue.onSubmittedWorkDone();
      gpu.dispose(result);
    }, size);
    gpu.dispose(tensor);
    const row = { size, cpuOneThreadMs, cpuThreadsMs, webgpuArrayMs, webgpuResidentMs };
    rows.push(row);
    const best = Math.min(cpuOneThreadMs, cpuThreadsMs) < webgpuResidentMs ? 'cpu' : 'webgpu';
    console.log([size, cpuOneThreadMs, cpuThreadsMs, webgpuArrayMs, webgpuResidentMs].map((value, index) => (index === 0 ? String(value) : value.toFixed(4)).padStart(16)).join('') + best.padStart(16));
  }
  results[id] = rows;
}
single.destroy();
threaded.destroy();
gpu.destroy();

if (jsonPath !== undefined) {
  const measured = { date: new Date().toISOString().slice(0, 10), cpu: cpus()[0]?.model ?? 'unknown', threads: threaded.threads, adapter, command: 'EGL_PLATFORM=surfaceless pnpm --filter @rectify/backend-webgpu bench:crossover --json FILE', results };
  writeFileSync(jsonPath, `${JSON.stringify(measured, null, 1)}\n`);
  console.log(`\nwrote ${jsonPath}`);
}

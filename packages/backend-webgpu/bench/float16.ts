/**
 * Float16 tensors against float32 ones on the Node adapter: forwardTensor and backwardTensor at
 * 16,777,216 elements, GPU-resident, the two storages interleaved (medians of 15 wall times around
 * `onSubmittedWorkDone`). Prints elements per second for each and their ratio; a float16 kernel
 * moves half the bytes and adds the conversions to the arithmetic.
 *
 *   pnpm --filter @rectify/backend-webgpu bench:float16
 */
import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { smoothPlugin } from '@rectify/plugin-smooth';
import type { TensorDtype } from '../src/index.js';
import { createWebGPUBackend } from '../src/index.js';
import { interleavedMedians, wallTime } from './median-time.js';
import { findNodeAdapter } from './node-adapter.js';

const elements = 16_777_216;
const { gpu, adapter, label } = await findNodeAdapter();
const backend = await createWebGPUBackend({ registry: createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] }), gpu, device: await adapter.requestDevice() });
const info = backend.device.adapterInfo;
console.log(`adapter: ${info.vendor} ${info.description} (${label}); ${elements.toLocaleString('en')} elements`);

const data = Float32Array.from({ length: elements }, (_, k) => Math.sin(k * 12.9898) * 4);
const tensors = (dtype: TensorDtype) => ({ x: backend.upload(data, undefined, { dtype }), dy: backend.upload(data.map((value) => value * 0.5), undefined, { dtype }) });
const inputs = { float32: tensors('float32'), float16: tensors('float16') };

const cases: readonly { name: string; run: (dtype: TensorDtype) => Promise<void> }[] = [
  ...['relu', 'leaky_relu', 'elu', 'smooth/gelu'].map((id) => ({
    name: id,
    run: async (dtype: TensorDtype) => { backend.dispose(await backend.forwardTensor(id, inputs[dtype].x)); },
  })),
  ...['relu', 'elu'].map((id) => ({
    name: `${id} backward`,
    run: async (dtype: TensorDtype) => { backend.dispose((await backend.backwardTensor(id, inputs[dtype].x, inputs[dtype].dy)).gradInput); },
  })),
];

const timed = (run: () => Promise<void>) => () => wallTime(async () => { await run(); await backend.device.queue.onSubmittedWorkDone(); });
console.log('| op | float32 G elements/s | float16 G elements/s | float16 / float32 |');
console.log('| --- | --- | --- | --- |');
for (const { name, run } of cases) {
  const [single = Number.NaN, half = Number.NaN] = await interleavedMedians([timed(() => run('float32')), timed(() => run('float16'))]);
  const rate = (ms: number): number => elements / ms / 1e6;
  console.log(`| ${name} | ${rate(single).toFixed(2)} | ${rate(half).toFixed(2)} | ${(single / half).toFixed(2)} |`);
}
backend.destroy();

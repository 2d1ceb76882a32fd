/**
 * GFLOP/s of `denseForward` (tiled matmul with the bias + ReLU epilogue fused): the MNIST MLP's first
 * layer [64, 784] · [784, 128] and [1024, 1024] · [1024, 1024]. GPU time from timestamp queries
 * written around each compute pass when the adapter has 'timestamp-query'; otherwise wall time from
 * the first submit to onSubmittedWorkDone over a batch of calls. Medians of 15 runs after 3 warm-ups.
 * `pnpm --filter @rectify/backend-webgpu bench:matmul`: Dawn's default adapter (Vulkan, D3D12, Metal)
 * when there is one, else OpenGL ES in compatibility mode (Mesa; EGL_PLATFORM=surfaceless).
 */
import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { createWebGPUBackend } from '../src/index.js';
import { deviceWithTimer } from './gpu-timer.js';
import { median } from './median-time.js';
import { findNodeAdapter } from './node-adapter.js';

const runs = 15;
const warmups = 3;
const shapes = [
  { name: 'MNIST layer 1', batch: 64, inputs: 784, units: 128, callsPerRun: 20 },
  { name: 'square 1024', batch: 1024, inputs: 1024, units: 1024, callsPerRun: 2 },
] as const;

const { gpu, adapter, label } = await findNodeAdapter();
const { device: rawDevice, timer } = await deviceWithTimer(adapter, 256);
const backend = await createWebGPUBackend({ gpu, device: timer?.device ?? rawDevice, registry: createRegistry({ activations: builtinActivations }) });
const info = rawDevice.adapterInfo;
console.log(`adapter: ${[info.vendor, info.architecture, info.device, info.description].filter((part) => part !== '').join(' ')} (${label})`);
console.log(`timing: ${timer !== undefined ? 'timestamp queries around each compute pass' : 'wall time, submit to onSubmittedWorkDone (no timestamp-query feature)'}`);
console.log('shape'.padEnd(34), 'median ms'.padStart(10), 'GFLOP/s'.padStart(9));

for (const { name, batch, inputs, units, callsPerRun } of shapes) {
  const sample = (length: number, scale: number): Float32Array => Float32Array.from({ length }, (_, i) => Math.sin(i * 0.37) * scale);
  const x = backend.tensor(sample(batch * inputs, 1), [batch, inputs]);
  const w = backend.tensor(sample(inputs * units, 0.05), [inputs, units]);
  const bias = backend.tensor(sample(units, 0.1), [units]);
  const times: number[] = [];
  for (let run = 0; run < warmups + runs; run++) {
    timer?.arm();
    const start = performance.now();
    const outputs = Array.from({ length: callsPerRun }, () => backend.denseForward(x, w, bias, { id: 'relu' }).output);
    await backend.device.queue.onSubmittedWorkDone();
    const wall = performance.now() - start;
    const elapsed = timer === undefined ? wall : await timer.gpuMilliseconds();
    outputs.forEach((output) => { backend.dispose(output); });
    if (run >= warmups) times.push(elapsed / callsPerRun);
  }
  const milliseconds = median(times);
  const flops = 2 * batch * inputs * units;
  console.log(`${name} [${batch}, ${inputs}] · [${inputs}, ${units}]`.padEnd(34), milliseconds.toFixed(3).padStart(10), (flops / milliseconds / 1e6).toFixed(1).padStart(9));
  [x, w, bias].forEach((tensor) => { backend.dispose(tensor); });
}
backend.destroy();
rawDevice.destroy();

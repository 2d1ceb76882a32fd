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

const runs = 15;
const warmups = 3;
const shapes = [
  { name: 'MNIST layer 1', batch: 64, inputs: 784, units: 128, callsPerRun: 20 },
  { name: 'square 1024', batch: 1024, inputs: 1024, units: 1024, callsPerRun: 2 },
] as const;

process.env['EGL_PLATFORM'] ??= 'surfaceless';
process.env['XDG_RUNTIME_DIR'] ??= '/tmp';
const { create, globals } = await import('webgpu');
Object.assign(globalThis, globals);

async function findAdapter(): Promise<{ gpu: GPU; adapter: GPUAdapter; label: string }> {
  for (const [flags, options, label] of [
    [[], {}, 'default backend'],
    [['backend=opengles'], { featureLevel: 'compatibility' }, 'OpenGL ES, compatibility mode'],
  ] as const) {
    const gpu = create([...flags]);
    const adapter = await gpu.requestAdapter(options);
    if (adapter !== null) return { gpu, adapter, label };
  }
  throw new Error('No WebGPU adapter found (tried the default backend and OpenGL ES).');
}

/** Wraps a device so that every compute pass of an armed run writes timestamps around itself. */
function timestampedDevice(device: GPUDevice, capacity: number): { device: GPUDevice; arm(): void; gpuMilliseconds(): Promise<number> } {
  const querySet = device.createQuerySet({ type: 'timestamp', count: 2 * capacity });
  const resolved = device.createBuffer({ size: 16 * capacity, usage: 0x0200 /* QUERY_RESOLVE */ | 0x0004 /* COPY_SRC */ });
  const staging = device.createBuffer({ size: 16 * capacity, usage: 0x0001 /* MAP_READ */ | 0x0008 /* COPY_DST */ });
  let passes = 0;
  let armed = false;
  const wrapEncoder = (encoder: GPUCommandEncoder): GPUCommandEncoder =>
    new Proxy(encoder, {
      get(target, property) {
        if (property === 'beginComputePass') {
          return (descriptor: GPUComputePassDescriptor = {}) => {
            if (!armed || passes >= capacity) return target.beginComputePass(descriptor);
            const index = passes++;
            return target.beginComputePass({ ...descriptor, timestampWrites: { querySet, beginningOfPassWriteIndex: 2 * index, endOfPassWriteIndex: 2 * index + 1 } });
          };
        }
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  const wrapped = new Proxy(device, {
    get(target, property) {
      if (property === 'createCommandEncoder') return (descriptor?: GPUCommandEncoderDescriptor) => wrapEncoder(target.createCommandEncoder(descriptor));
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    device: wrapped,
    arm() {
      passes = 0;
      armed = true;
    },
    async gpuMilliseconds() {
      armed = false;
      const encoder = device.createCommandEncoder();
      encoder.resolveQuerySet(querySet, 0, 2 * passes, resolved, 0);
      encoder.copyBufferToBuffer(resolved, 0, staging, 0, 16 * passes);
      device.queue.submit([encoder.finish()]);
      await staging.mapAsync(1 /* GPUMapMode.READ */, 0, 16 * passes);
      const stamps = new BigUint64Array(staging.getMappedRange(0, 16 * passes).slice(0));
      staging.unmap();
      let total = 0n;
      for (let i = 0; i < passes; i++) total += (stamps[2 * i + 1] ?? 0n) - (stamps[2 * i] ?? 0n);
      return Number(total) / 1e6;
    },
  };
}

const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

const { gpu, adapter, label } = await findAdapter();
const timestamps = adapter.features.has('timestamp-query');
const rawDevice = await adapter.requestDevice({ requiredFeatures: timestamps ? ['timestamp-query'] : [] });
const timer = timestamps ? timestampedDevice(rawDevice, 256) : undefined;
const backend = await createWebGPUBackend({ gpu, device: timer?.device ?? rawDevice, registry: createRegistry({ activations: builtinActivations }) });
const info = rawDevice.adapterInfo;
console.log(`adapter: ${[info.vendor, info.architecture, info.device, info.description].filter((part) => part !== '').join(' ')} (${label})`);
console.log(`timing: ${timestamps ? 'timestamp queries around each compute pass' : 'wall time, submit to onSubmittedWorkDone (no timestamp-query feature)'}`);
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

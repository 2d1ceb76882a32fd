/**
 * GPU-resident throughput: a hand-written vec4 WGSL ReLU as the ceiling against the generated
 * kernels and TensorFlow.js's WebGPU backend (forward ops it has), timed as wall time from submit to
 * onSubmittedWorkDone (medians of 15 runs after 3 warm-ups). Ratios are per byte moved.
 * `EGL_PLATFORM=surfaceless pnpm --filter @rectify/backend-webgpu bench` (Dawn on Mesa in Node).
 */
import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { smoothPlugin } from '@rectify/plugin-smooth';
import type { WebGPUBackend } from '../src/index.js';
import { testBackend } from '../src/testing/node-gpu.js';
import { medianTime } from './median-time.js';
import { openTfjsWebGpu } from './peers/tfjs-webgpu.js';

const sizes = [100_000, 1_000_000, 16_777_216];

const ceilingSource = `
@group(0) @binding(0) var<storage, read> xs: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> ys: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> rowGroups: vec4<u32>;
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = (wid.y * rowGroups.x + wid.x) * 64u + lid;
  if (i < arrayLength(&xs)) { ys[i] = max(xs[i], vec4<f32>(0.0)); }
}`;

async function ceiling(backend: WebGPUBackend, length: number): Promise<number> {
  const device = backend.device;
  const bytes = Math.ceil(length / 4) * 16;
  const usage = 0x80 | 0x08; // STORAGE | COPY_DST
  const input = device.createBuffer({ size: bytes, usage });
  const output = device.createBuffer({ size: bytes, usage });
  const groups = Math.ceil(bytes / 16 / 64);
  const rows = Math.ceil(groups / device.limits.maxComputeWorkgroupsPerDimension);
  const groupsX = Math.ceil(groups / rows);
  const uniform = device.createBuffer({ size: 16, usage: 0x40 | 0x08 });
  device.queue.writeBuffer(uniform, 0, new Uint32Array([groupsX, 0, 0, 0]));
  const pipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module: device.createShaderModule({ code: ceilingSource }), entryPoint: 'main' } });
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [{ binding: 0, resource: { buffer: input } }, { binding: 1, resource: { buffer: output } }, { binding: 2, resource: { buffer: uniform } }],
  });
  const time = await medianTime(async () => {
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(groupsX, rows);
    pass.end();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
  });
  [input, output, uniform].forEach((buffer) => { buffer.destroy(); });
  return time;
}

const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
const backend = await testBackend({ registry });
if (backend === undefined) process.exit(0);
const peer = backend.gpu === undefined ? { reason: 'no GPU entry point to share' } : await openTfjsWebGpu(backend.gpu);
if ('reason' in peer) console.log(`tfjs-webgpu: not measured (${peer.reason})`);
const cases: { id: string; name: string; bytesPerElement: number; run: (x: ReturnType<WebGPUBackend['upload']>, g: ReturnType<WebGPUBackend['upload']>) => Promise<void> }[] = [
  ...['relu', 'leaky_relu', 'prelu', 'elu', 'smooth/gelu'].map((id) => ({
    id,
    name: `${id} forward`,
    bytesPerElement: 8,
    run: async (x: ReturnType<WebGPUBackend['upload']>) => { backend.dispose(await backend.forwardTensor(id, x)); },
  })),
  ...['relu', 'elu'].map((id) => ({
    id: `${id} backward`,
    name: `${id} backward`,
    bytesPerElement: 12,
    run: async (x: ReturnType<WebGPUBackend['upload']>, g: ReturnType<WebGPUBackend['upload']>) => { backend.dispose((await backend.backwardTensor(id, x, g)).gradInput); },
  })),
];
console.log(`device: ${backend.device.adapterInfo.vendor} ${backend.device.adapterInfo.architecture} ${backend.device.adapterInfo.description}`);
console.log(
  'kernel'.padEnd(22),
  'elements'.padStart(10),
  'median ms'.padStart(10),
  'GB/s'.padStart(8),
  'vs ceiling'.padStart(11),
  'tfjs-webgpu GB/s'.padStart(17),
  'vs tfjs'.padStart(8),
);
for (const length of sizes) {
  const data = Float32Array.from({ length }, (_, i) => Math.sin(i) * 4);
  const x = backend.upload(data);
  const g = backend.upload(data);
  const ceilingMs = await ceiling(backend, length);
  const gbps = (ms: number, bytes: number): number => (bytes * length) / ms / 1e6;
  // Ratios per byte moved: backward moves 12 bytes per element against the ceiling's 8.
  const row = (name: string, ms: number, bytes: number, peerMs?: number): void => {
    const peerCells = peerMs === undefined ? ['n/a', ''] : [gbps(peerMs, bytes).toFixed(2), (peerMs / ms).toFixed(2)];
    console.log(
      name.padEnd(22),
      String(length).padStart(10),
      ms.toFixed(3).padStart(10),
      gbps(ms, bytes).toFixed(2).padStart(8),
      (gbps(ms, bytes) / gbps(ceilingMs, 8)).toFixed(2).padStart(11),
      (peerCells[0] ?? '').padStart(17),
      (peerCells[1] ?? '').padStart(8),
    );
  };
  row('ceiling relu (vec4)', ceilingMs, 8);
  for (const bench of cases) {
    const ms = await medianTime(async () => {
      await bench.run(x, g);
      await backend.device.queue.onSubmittedWorkDone();
    });
    const peerMs = 'reason' in peer ? undefined : await peer.time(bench.id, length, medianTime);
    row(bench.name, ms, bench.bytesPerElement, peerMs);
  }
  backend.dispose(x);
  backend.dispose(g);
}
backend.destroy();

/**
 * The GPU-resident throughput measurement shared by the Node and the Chromium benchmark: a
 * hand-written vec4 WGSL ReLU as the ceiling, the generated kernels and TensorFlow.js's WebGPU
 * backend (medians of 15 runs after 3 warm-ups). Timed as GPU time from timestamp queries when both
 * devices have them, else as wall time from submit to `onSubmittedWorkDone` for all three. Uses
 * nothing from Node, so it runs in a page as it is.
 */
import type { WebGPUBackend } from '../src/index.js';
import type { GpuTimer } from './gpu-timer.js';
import { medianGpuTime, medianTime } from './median-time.js';
import type { TfjsWebGpuPeer } from './peers/tfjs-webgpu.js';

export const benchSizes = [100_000, 1_000_000, 16_777_216];

export interface KernelRow {
  readonly name: string;
  readonly elements: number;
  readonly ms: number;
  readonly gbPerSecond: number;
  /** Per byte moved: backward moves 12 bytes per element against the ceiling's 8. */
  readonly vsCeiling: number;
  /** The peer's bytes moved per element (12 for EluGrad, which reads dy and y but not x) over its time. */
  readonly peerGbPerSecond?: number;
  /** Peer time over ours: above 1, ours is faster. */
  readonly vsPeer?: number;
}

const ceilingSource = `
@group(0) @binding(0) var<storage, read> xs: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> ys: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> rowGroups: vec4<u32>;
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = (wid.y * rowGroups.x + wid.x) * 64u + lid;
  if (i < arrayLength(&xs)) { ys[i] = max(xs[i], vec4<f32>(0.0)); }
}`;

type Measure = (run: () => Promise<void>) => Promise<number>;

async function ceiling(device: GPUDevice, length: number, measure: Measure): Promise<number> {
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
  const time = await measure(async () => {
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

type GpuTensor = ReturnType<WebGPUBackend['upload']>;

/** The tensors of one size: the input, the upstream gradient and ELU's forward output of the input. */
interface BenchTensors {
  readonly x: GpuTensor;
  readonly g: GpuTensor;
  readonly eluOutput: GpuTensor;
}

interface KernelCase {
  /** Our activation id, `<id> backward` or `<id> backward from output`; the peer is asked by this id. */
  readonly id: string;
  readonly name: string;
  readonly bytesPerElement: number;
  readonly run: (tensors: BenchTensors) => Promise<void>;
}

function kernelCases(backend: WebGPUBackend): KernelCase[] {
  return [
    ...['relu', 'leaky_relu', 'prelu', 'elu', 'smooth/gelu'].map((id) => ({
      id,
      name: `${id} forward`,
      bytesPerElement: 8,
      run: async ({ x }: BenchTensors) => { backend.dispose(await backend.forwardTensor(id, x)); },
    })),
    ...['relu', 'elu'].map((id) => ({
      id: `${id} backward`,
      name: `${id} backward`,
      bytesPerElement: 12,
      run: async ({ x, g }: BenchTensors) => { backend.dispose((await backend.backwardTensor(id, x, g)).gradInput); },
    })),
    {
      id: 'elu backward from output',
      name: 'elu bwd (y)',
      // y and dy read, dx written (with alpha >= 0, y > 0 exactly where x > 0), as TensorFlow.js's EluGrad.
      bytesPerElement: 12,
      run: async ({ x, g, eluOutput }: BenchTensors) => { backend.dispose((await backend.backwardTensor('elu', x, g, {}, { output: eluOutput })).gradInput); },
    },
  ];
}

export interface MeasureOptions {
  readonly backend: WebGPUBackend;
  /** Timestamps on the backend's device: it was created with 'timestamp-query' and wrapped by timestampedDevice. */
  readonly timer?: GpuTimer;
  readonly peer?: TfjsWebGpuPeer;
  readonly sizes?: readonly number[];
  /** Hears each row as it is measured. */
  readonly progress?: (row: KernelRow) => void;
}

export interface KernelMeasurement {
  /** What the times are, for the table's heading. */
  readonly timing: string;
  readonly rows: readonly KernelRow[];
}

/** Measures every case at every size. */
export async function measureKernels({ backend, timer, peer, sizes = benchSizes, progress }: MeasureOptions): Promise<KernelMeasurement> {
  // One clock for all three, so that the ratios compare like with like.
  const gpuTime = timer !== undefined && (peer === undefined || peer.timer !== undefined);
  const measureWith = (clock: GpuTimer | undefined): Measure =>
    gpuTime && clock !== undefined ? (run) => medianGpuTime(clock, run) : (run) => medianTime(run);
  const ours = measureWith(timer);
  const peers = measureWith(peer?.timer);
  const rows: KernelRow[] = [];
  const cases = kernelCases(backend);
  for (const length of sizes) {
    const data = Float32Array.from({ length }, (_, i) => Math.sin(i) * 4);
    const x = backend.upload(data);
    const g = backend.upload(data);
    const eluOutput = await backend.forwardTensor('elu', x);
    const ceilingMs = await ceiling(backend.device, length, ours);
    const gbps = (ms: number, bytes: number): number => (bytes * length) / ms / 1e6;
    const add = (name: string, ms: number, bytes: number, peerMs?: number): void => {
      const row: KernelRow = {
        name,
        elements: length,
        ms,
        gbPerSecond: gbps(ms, bytes),
        vsCeiling: gbps(ms, bytes) / gbps(ceilingMs, 8),
        ...(peerMs === undefined ? {} : { peerGbPerSecond: gbps(peerMs, bytes), vsPeer: peerMs / ms }),
      };
      rows.push(row);
      progress?.(row);
    };
    add('ceiling relu (vec4)', ceilingMs, 8);
    for (const bench of cases) {
      const ms = await ours(async () => {
        await bench.run({ x, g, eluOutput });
        await backend.device.queue.onSubmittedWorkDone();
      });
      add(bench.name, ms, bench.bytesPerElement, await peer?.time(bench.id, length, peers));
    }
    [x, g, eluOutput].forEach((tensor) => { backend.dispose(tensor); });
  }
  const timing = gpuTime ? 'GPU time from timestamp queries around each compute pass' : 'wall time from submit to onSubmittedWorkDone';
  return { timing, rows };
}

/** The table's header and one line per row, as both benchmarks print them. */
export const tableHeader = ['kernel'.padEnd(22), 'elements'.padStart(10), 'median ms'.padStart(10), 'GB/s'.padStart(8), 'vs ceiling'.padStart(11), 'tfjs-webgpu GB/s'.padStart(17), 'vs tfjs'.padStart(8)].join(' ');

export function formatRow(row: KernelRow): string {
  return [
    row.name.padEnd(22),
    String(row.elements).padStart(10),
    row.ms.toFixed(3).padStart(10),
    row.gbPerSecond.toFixed(2).padStart(8),
    row.vsCeiling.toFixed(2).padStart(11),
    (row.peerGbPerSecond?.toFixed(2) ?? 'n/a').padStart(17),
    (row.vsPeer?.toFixed(2) ?? '').padStart(8),
  ].join(' ');
}

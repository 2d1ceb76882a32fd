/**
 * The GPU-resident throughput measurement shared by the Node and the Chromium benchmark: a
 * hand-written vec4 WGSL ReLU as the ceiling, the generated kernels and TensorFlow.js's WebGPU
 * backend (medians of 15 runs after 3 warm-ups). Each kernel is timed in turn with the ceiling and
 * the peer's op, and its ratios are taken from those medians: on a software adapter, which shares the
 * CPU with everything else, the speed drifts within a run by more than the differences measured. Timed
 * as GPU time from timestamp queries when both devices have them, else as wall time from submit to
 * `onSubmittedWorkDone` for all three. Uses nothing from Node, so it runs in a page as it is.
 */
import type { WebGPUBackend } from '../src/index.js';
import type { GpuTimer } from './gpu-timer.js';
import type { Timing } from './median-time.js';
import { gpuTime, interleavedMedians, wallTime } from './median-time.js';
import type { TfjsWebGpuPeer } from './peers/tfjs-webgpu.js';

export const benchSizes = [100_000, 1_000_000, 16_777_216];

export interface KernelRow {
  readonly name: string;
  readonly elements: number;
  readonly ms: number;
  readonly gbPerSecond: number;
  /** The ceiling's GB/s in the runs taken in turn with this kernel's. */
  readonly ceilingGbPerSecond: number;
  /** Per byte moved (backward moves 12 bytes per element against the ceiling's 8), against the ceiling timed in turn with it. */
  readonly vsCeiling: number;
  /** The peer's bytes moved per element (12 for EluGrad, which reads dy and y but not x) over its time. */
  readonly peerGbPerSecond?: number;
  /** Peer time over ours: above 1, ours is faster. */
  readonly vsPeer?: number;
}

/** The hand-written ReLU, with the workgroup size of the backend it is compared with. */
const ceilingSource = (workgroupSize: number): string => `
@group(0) @binding(0) var<storage, read> xs: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> ys: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> rowGroups: vec4<u32>;
@compute @workgroup_size(${workgroupSize})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = (wid.y * rowGroups.x + wid.x) * ${workgroupSize}u + lid;
  if (i < arrayLength(&xs)) { ys[i] = max(xs[i], vec4<f32>(0.0)); }
}`;

interface CeilingKernel {
  /** Dispatches the ceiling over the whole array and waits for it. */
  readonly run: () => Promise<void>;
  readonly destroy: () => void;
}

async function ceilingKernel(device: GPUDevice, length: number, workgroupSize: number): Promise<CeilingKernel> {
  const bytes = Math.ceil(length / 4) * 16;
  const usage = 0x80 | 0x08; // STORAGE | COPY_DST
  const input = device.createBuffer({ size: bytes, usage });
  const output = device.createBuffer({ size: bytes, usage });
  const groups = Math.ceil(bytes / 16 / workgroupSize);
  const rows = Math.ceil(groups / device.limits.maxComputeWorkgroupsPerDimension);
  const groupsX = Math.ceil(groups / rows);
  const uniform = device.createBuffer({ size: 16, usage: 0x40 | 0x08 });
  device.queue.writeBuffer(uniform, 0, new Uint32Array([groupsX, 0, 0, 0]));
  const pipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module: device.createShaderModule({ code: ceilingSource(workgroupSize) }), entryPoint: 'main' } });
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [{ binding: 0, resource: { buffer: input } }, { binding: 1, resource: { buffer: output } }, { binding: 2, resource: { buffer: uniform } }],
  });
  return {
    async run() {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(groupsX, rows);
      pass.end();
      device.queue.submit([encoder.finish()]);
      await device.queue.onSubmittedWorkDone();
    },
    destroy() {
      [input, output, uniform].forEach((buffer) => { buffer.destroy(); });
    },
  };
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
  const onGpuClock = timer !== undefined && (peer === undefined || peer.timer !== undefined);
  const ours: Timing = onGpuClock ? gpuTime(timer) : wallTime;
  const peerTimer = onGpuClock ? peer?.timer : undefined;
  const peers: Timing = peerTimer === undefined ? wallTime : gpuTime(peerTimer);
  const rows: KernelRow[] = [];
  const cases = kernelCases(backend);
  for (const length of sizes) {
    const data = Float32Array.from({ length }, (_, i) => Math.sin(i) * 4);
    const x = backend.upload(data);
    const g = backend.upload(data);
    const eluOutput = await backend.forwardTensor('elu', x);
    const ceiling = await ceilingKernel(backend.device, length, backend.workgroupSize);
    const gbps = (ms: number, bytes: number): number => (bytes * length) / ms / 1e6;
    const add = (name: string, [ceilingMs = Number.NaN, ms = Number.NaN, peerMs]: readonly number[], bytes: number): void => {
      const row: KernelRow = {
        name,
        elements: length,
        ms,
        gbPerSecond: gbps(ms, bytes),
        ceilingGbPerSecond: gbps(ceilingMs, 8),
        vsCeiling: gbps(ms, bytes) / gbps(ceilingMs, 8),
        ...(peerMs === undefined ? {} : { peerGbPerSecond: gbps(peerMs, bytes), vsPeer: peerMs / ms }),
      };
      rows.push(row);
      progress?.(row);
    };
    const [ceilingAlone = Number.NaN] = await interleavedMedians([() => ours(ceiling.run)]);
    add('ceiling relu (vec4)', [ceilingAlone, ceilingAlone], 8);
    for (const bench of cases) {
      const kernel = async (): Promise<void> => {
        await bench.run({ x, g, eluOutput });
        await backend.device.queue.onSubmittedWorkDone();
      };
      const peerRun = await peer?.prepare(bench.id, length);
      const timedRuns = [() => ours(ceiling.run), () => ours(kernel), ...(peerRun === undefined ? [] : [() => peers(peerRun.run)])];
      add(bench.name, await interleavedMedians(timedRuns), bench.bytesPerElement);
      peerRun?.dispose();
    }
    ceiling.destroy();
    [x, g, eluOutput].forEach((tensor) => { backend.dispose(tensor); });
  }
  const timing = onGpuClock ? 'GPU time from timestamp queries around each compute pass' : 'wall time from submit to onSubmittedWorkDone';
  return { timing, rows };
}

/** The table's header and one line per row, as both benchmarks print them. */
export const tableHeader = ['kernel'.padEnd(22), 'elements'.padStart(10), 'median ms'.padStart(10), 'GB/s'.padStart(8), 'ceiling GB/s'.padStart(13), 'vs ceiling'.padStart(11), 'tfjs-webgpu GB/s'.padStart(17), 'vs tfjs'.padStart(8)].join(' ');

export function formatRow(row: KernelRow): string {
  return [
    row.name.padEnd(22),
    String(row.elements).padStart(10),
    row.ms.toFixed(3).padStart(10),
    row.gbPerSecond.toFixed(2).padStart(8),
    row.ceilingGbPerSecond.toFixed(2).padStart(13),
    row.vsCeiling.toFixed(2).padStart(11),
    (row.peerGbPerSecond?.toFixed(2) ?? 'n/a').padStart(17),
    (row.vsPeer?.toFixed(2) ?? '').padStart(8),
  ].join(' ');
}

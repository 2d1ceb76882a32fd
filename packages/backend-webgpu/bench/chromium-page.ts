/**
 * The page script of `bench:chromium`: the same measurement as the Node benchmark, on the page's
 * `navigator.gpu`, with TensorFlow.js's WebGPU backend on its own device. The rows (or an error) are
 * left in `window.rectifyBench`.
 */
import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { createWebGPUBackend } from '../src/index.js';
import { deviceWithTimer } from './gpu-timer.js';
import type { KernelRow } from './measure-kernels.js';
import { measureKernels } from './measure-kernels.js';
import { openTfjsWebGpu } from './peers/tfjs-webgpu.js';

export interface ChromiumBenchResult {
  readonly adapter: string;
  readonly peer: string;
  readonly timing: string;
  readonly rows: readonly KernelRow[];
  readonly error?: string;
}

async function run(): Promise<ChromiumBenchResult> {
  const adapter = await navigator.gpu.requestAdapter();
  if (adapter === null) throw new Error('navigator.gpu.requestAdapter() gave no adapter');
  const { device, timer } = await deviceWithTimer(adapter, 16);
  const backend = await createWebGPUBackend({ device: timer?.device ?? device, registry: createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] }) });
  try {
    const { vendor, architecture, description } = device.adapterInfo;
    const peer = await openTfjsWebGpu();
    const { timing, rows } = await measureKernels({ backend, ...(timer === undefined ? {} : { timer }), ...('reason' in peer ? {} : { peer }) });
    return { adapter: `${vendor} ${architecture} ${description}; ${backend.workgroupSize} invocations per workgroup, ${backend.vectorsPerInvocation} vector(s) per invocation`, peer: 'reason' in peer ? `not measured (${peer.reason})` : 'tfjs-webgpu 4.22.0', timing, rows };
  } finally {
    backend.destroy();
    device.destroy();
  }
}

const settle = (result: ChromiumBenchResult): void => { Reflect.set(window, 'rectifyBench', result); };
run().then(settle, (error: unknown) => { settle({ adapter: '', peer: '', timing: '', rows: [], error: String(error) }); });

/**
 * GPU-resident throughput in Node (Dawn): the generated kernels against a hand-written vec4 ReLU
 * and TensorFlow.js's WebGPU backend; see measure-kernels.ts for the method.
 * `pnpm --filter @rectify/backend-webgpu bench`: Dawn's default adapter when there is one, else
 * OpenGL ES in compatibility mode; `bench:chromium` runs the same measurement in headless Chromium.
 */
import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { createWebGPUBackend } from '../src/index.js';
import { deviceWithTimer } from './gpu-timer.js';
import { formatRow, measureKernels, tableHeader } from './measure-kernels.js';
import { findNodeAdapter } from './node-adapter.js';
import { openTfjsWebGpu } from './peers/tfjs-webgpu.js';

const { gpu, adapter, label } = await findNodeAdapter();
const { device, timer } = await deviceWithTimer(adapter, 16);
const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
const backend = await createWebGPUBackend({ gpu, device: timer?.device ?? device, registry });
const peer = await openTfjsWebGpu(gpu);
if ('reason' in peer) console.log(`tfjs-webgpu: not measured (${peer.reason})`);
const { vendor, architecture, description } = device.adapterInfo;
console.log(`device: ${vendor} ${architecture} ${description} (${label}); ${backend.workgroupSize} invocations per workgroup, ${backend.vectorsPerInvocation} vector(s) per invocation`);
console.log(tableHeader);
const { timing } = await measureKernels({ backend, ...(timer === undefined ? {} : { timer }), ...('reason' in peer ? {} : { peer }), progress: (row) => { console.log(formatRow(row)); } });
console.log(`timing: ${timing}`);
backend.destroy();
device.destroy();

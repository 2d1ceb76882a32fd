/**
 * GPU-resident throughput in Node (Dawn): the generated kernels against a hand-written vec4 ReLU
 * and TensorFlow.js's WebGPU backend; see measure-kernels.ts for the method.
 * `EGL_PLATFORM=surfaceless pnpm --filter @rectify/backend-webgpu bench`; `bench:chromium` runs the
 * same measurement in headless Chromium.
 */
import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { testBackend } from '../src/testing/node-gpu.js';
import { formatRow, measureKernels, tableHeader } from './measure-kernels.js';
import { openTfjsWebGpu } from './peers/tfjs-webgpu.js';

const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
const backend = await testBackend({ registry });
if (backend === undefined) process.exit(0);
const peer = backend.gpu === undefined ? { reason: 'no GPU entry point to share' } : await openTfjsWebGpu(backend.gpu);
if ('reason' in peer) console.log(`tfjs-webgpu: not measured (${peer.reason})`);
const { vendor, architecture, description } = backend.device.adapterInfo;
console.log(`device: ${vendor} ${architecture} ${description}`);
console.log(tableHeader);
await measureKernels(backend, 'reason' in peer ? undefined : peer, undefined, (row) => { console.log(formatRow(row)); });
backend.destroy();

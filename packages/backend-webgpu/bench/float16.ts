/**
 * Float16 tensors against float32 ones at 16,777,216 elements (measure-float16.ts): on the Node
 * adapter, then in headless Chromium (SwiftShader) when it is installed.
 *
 *   pnpm --filter @rectify/backend-webgpu bench:float16
 */
import { fileURLToPath } from 'node:url';
import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { bundlePageScript, runPageScript } from '../../../test-support/chromium-page.js';
import { createWebGPUBackend } from '../src/index.js';
import type { Float16PageResult } from './float16-page.js';
import { float16Table, measureFloat16 } from './measure-float16.js';
import { findNodeAdapter } from './node-adapter.js';

const elements = 16_777_216;
const { gpu, adapter, label } = await findNodeAdapter();
const backend = await createWebGPUBackend({ registry: createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] }), gpu, device: await adapter.requestDevice() });
const info = backend.device.adapterInfo;
console.log(`Node, adapter: ${info.vendor} ${info.description} (${label}); ${elements.toLocaleString('en')} elements`);
console.log(float16Table(await measureFloat16(backend, elements)));
backend.destroy();

const script = await bundlePageScript(fileURLToPath(new URL('./float16-page.ts', import.meta.url)));
const page = await runPageScript<Float16PageResult>(script, { resultName: 'rectifyFloat16', webgpu: true, timeoutMs: 600_000 });
if ('skipped' in page) console.log(`\nChromium: not measured (${page.skipped})`);
else if (page.error !== undefined) throw new Error(`the Chromium page failed: ${page.error}`);
else console.log(`\nChromium, adapter: ${page.adapter}\n${float16Table(page.rows)}`);

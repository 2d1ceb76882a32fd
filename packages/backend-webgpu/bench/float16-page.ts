/** The page script of `bench:float16` in Chromium: measureFloat16 on the page's `navigator.gpu`, left in `window.rectifyFloat16`. */
import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { createWebGPUBackend } from '../src/index.js';
import type { Float16Row } from './measure-float16.js';
import { measureFloat16 } from './measure-float16.js';

export interface Float16PageResult {
  readonly adapter: string;
  readonly rows: readonly Float16Row[];
  readonly error?: string;
}

async function run(): Promise<Float16PageResult> {
  const backend = await createWebGPUBackend({ registry: createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] }) });
  try {
    const { vendor, architecture, description } = backend.device.adapterInfo;
    return { adapter: `${vendor} ${architecture} ${description}`, rows: await measureFloat16(backend, 16_777_216) };
  } finally {
    backend.destroy();
  }
}

const settle = (result: Float16PageResult): void => { Reflect.set(window, 'rectifyFloat16', result); };
run().then(settle, (error: unknown) => { settle({ adapter: '', rows: [], error: String(error) }); });

/// <reference types="@webgpu/types" />
/**
 * The Node GPU for tests: Dawn from the `webgpu` package on its OpenGL ES backend in compatibility
 * mode (Mesa), created in this process. Outside CI a missing adapter skips the GPU tests with the
 * reason printed; with CI=true it fails them.
 */
import type { WebGPUBackend, WebGPUBackendOptions } from '../index.js';
import { createWebGPUBackend } from '../index.js';

export const inCI = process.env['CI'] === 'true';

/** Dawn's instance must outlive its devices: collecting it ends them mid-call. */
const keepAlive: unknown[] = [];

export async function nodeGpu(): Promise<{ gpu: GPU } | { reason: string }> {
  process.env['EGL_PLATFORM'] ??= 'surfaceless';
  process.env['XDG_RUNTIME_DIR'] ??= '/tmp';
  try {
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    const gpu = create(['backend=opengles']);
    keepAlive.push(gpu);
    return { gpu };
  } catch (error) {
    return { reason: `the 'webgpu' package failed to load: ${String(error)}` };
  }
}

/** A backend on the Node GPU, or the reason there is none (thrown under CI). */
export async function testBackend(options: WebGPUBackendOptions = {}): Promise<WebGPUBackend | undefined> {
  const found = await nodeGpu();
  let failure: string;
  if ('gpu' in found) {
    try {
      const adapter = await found.gpu.requestAdapter({ featureLevel: 'compatibility' });
      if (adapter !== null) return await createWebGPUBackend({ ...options, gpu: found.gpu, device: await adapter.requestDevice() });
      failure = 'no adapter from Dawn with backend=opengles (compatibility mode)';
    } catch (error) {
      failure = String(error);
    }
  } else {
    failure = found.reason;
  }
  if (inCI) throw new Error(`CI=true requires a WebGPU adapter: ${failure}`);
  console.warn(`Skipping WebGPU tests: ${failure}`);
  return undefined;
}

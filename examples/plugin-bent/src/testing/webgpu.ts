import type { Registry } from '@rectify/activation-core';
import { isRectifyError } from '@rectify/activation-core';
import type { WebGPUBackend } from '@rectify/backend-webgpu';
import { createWebGPUBackend } from '@rectify/backend-webgpu';

/** With CI=true a missing WebGPU adapter fails the tests; elsewhere they are skipped with the reason printed. */
export const inCI = process.env['CI'] === 'true';

/**
 * A WebGPU backend in Node. With the `webgpu` package installed, the backend finds Dawn itself: its
 * default adapter, else Mesa's OpenGL ES in compatibility mode (EGL_PLATFORM=surfaceless on servers).
 */
export async function webgpuBackend(registry: Registry): Promise<WebGPUBackend | undefined> {
  try {
    return await createWebGPUBackend({ registry });
  } catch (error) {
    if (!isRectifyError(error)) throw error;
    if (inCI) throw new Error(`CI=true requires a WebGPU adapter: ${error.message}`);
    console.warn(`Skipping the WebGPU tests: ${error.message}`);
    return undefined;
  }
}

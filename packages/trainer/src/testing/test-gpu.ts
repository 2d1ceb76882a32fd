import type { Registry } from '@rectify/activation-core';
import type { WebGPUBackend } from '@rectify/backend-webgpu';

/**
 * The WebGPU backend for the trainer's tests (Dawn in Node, found by the backend). Without an
 * adapter, CI=true fails the run; elsewhere the tests named by `what` are skipped with the reason printed.
 */
export async function openTestGpu(registry: Registry, what: string): Promise<WebGPUBackend | undefined> {
  try {
    const { createWebGPUBackend } = await import('@rectify/backend-webgpu');
    return await createWebGPUBackend({ registry });
  } catch (error) {
    if (process.env['CI'] === 'true') throw error;
    console.warn(`Skipping ${what}: ${String(error)}`);
    return undefined;
  }
}

import type { Registry, TrainingBackend } from '@rectify/activation-core';
import { createCpuBackend } from '@rectify/backend-cpu';
import type { WebGPUBackendOptions } from '@rectify/backend-webgpu';
import { createWebGPUBackend } from '@rectify/backend-webgpu';
import type { BackendPreference } from './playground-state.js';

export type GpuEntry = NonNullable<WebGPUBackendOptions['gpu']>;

export interface PlaygroundBackend {
  readonly kind: 'webgpu' | 'cpu';
  readonly backend: TrainingBackend;
  /** What the page shows: "WebGPU" or "CPU (wasm-simd)", with the fallback's reason when there is one. */
  readonly label: string;
  /** Why the CPU backend runs although WebGPU was wanted; undefined when WebGPU runs or the CPU was chosen. */
  readonly fallbackReason: string | undefined;
  destroy(): void;
}

/** `navigator.gpu` where the browser has WebGPU, undefined elsewhere (and in Node). */
export function browserGpu(): GpuEntry | undefined {
  return (globalThis as { navigator?: { gpu?: GpuEntry } }).navigator?.gpu;
}

function cpu(registry: Registry, fallbackReason: string | undefined): PlaygroundBackend {
  // In a browser the CPU backend runs on the page's thread (worker threads are Node's); the
  // playground's tensors are far below its parallel threshold anyway.
  const backend = createCpuBackend({ registry });
  const name = `CPU (${backend.engine})`;
  return {
    kind: 'cpu',
    backend,
    label: fallbackReason === undefined ? name : `${name}: WebGPU unavailable (${fallbackReason})`,
    fallbackReason,
    destroy: () => {
      backend.destroy();
    },
  };
}

/**
 * The backend a run trains on. 'auto' takes WebGPU when `gpu` (navigator.gpu) gives an adapter and a
 * device, and falls back to the CPU backend otherwise, saying why; 'cpu' always takes the CPU.
 */
export async function openPlaygroundBackend(registry: Registry, preference: BackendPreference, gpu: GpuEntry | undefined = browserGpu()): Promise<PlaygroundBackend> {
  if (preference === 'cpu') return cpu(registry, undefined);
  if (gpu === undefined) return cpu(registry, 'this browser has no navigator.gpu');
  try {
    const backend = await createWebGPUBackend({ registry, gpu });
    return {
      kind: 'webgpu',
      backend,
      label: 'WebGPU',
      fallbackReason: undefined,
      destroy: () => {
        backend.destroy();
      },
    };
  } catch (error) {
    return cpu(registry, error instanceof Error ? error.message : String(error));
  }
}

import type { Backend, Registry, TrainingBackend } from '@rectify/activation-core';
import { createReferenceTrainingBackend, RectifyError } from '@rectify/activation-core';
import { createCpuBackend } from '@rectify/backend-cpu';

export const backendChoices = ['cpu', 'webgpu', 'auto', 'reference'] as const;
export type BackendChoice = (typeof backendChoices)[number];

export interface OpenedBackend {
  readonly backend: TrainingBackend;
  /** e.g. `cpu (wasm-simd, 2 threads)` */
  readonly description: string;
  close(): void;
}

const trainingOps = ['tensor', 'read', 'dispose', 'matmul', 'denseForward', 'activationBackward', 'sumRows', 'sumSquares', 'gatherRows', 'softmaxCrossEntropy', 'optimizerStep'] as const;

/** Whether a backend offers the training operations (backends gain them release by release). */
export function isTrainingBackend<B extends Backend>(backend: B): backend is B & TrainingBackend {
  return trainingOps.every((name) => typeof Reflect.get(backend, name) === 'function');
}

export function checkBackendChoice(value: string): BackendChoice {
  const found = backendChoices.find((choice) => choice === value);
  if (found === undefined) throw new RectifyError('INVALID_OPTION', `--backend must be one of ${backendChoices.join(', ')}, got "${value}".`, { backend: value });
  return found;
}

const softwareAdapter = /swiftshader|llvmpipe|lavapipe|software|microsoft basic/i;

async function openWebGPU(registry: Registry, required: boolean): Promise<OpenedBackend | undefined> {
  let module: typeof import('@rectify/backend-webgpu');
  try {
    module = await import('@rectify/backend-webgpu');
  } catch (error) {
    if (required) throw error;
    return undefined;
  }
  let backend: Awaited<ReturnType<typeof module.createWebGPUBackend>>;
  try {
    backend = await module.createWebGPUBackend({ registry });
  } catch (error) {
    if (required) throw error;
    return undefined;
  }
  // Older implementations (and Dawn in Node) may lack `adapterInfo` or some of its fields.
  const device: object = backend.device;
  const raw: unknown = Reflect.get(device, 'adapterInfo');
  const info: Partial<GPUAdapterInfo> & { readonly isFallbackAdapter?: boolean } = typeof raw === 'object' && raw !== null ? raw : {};
  const adapter = [info.vendor, info.architecture, info.device, info.description].filter((part) => part !== undefined && part !== '').join(' ') || 'unknown adapter';
  const software = info.isFallbackAdapter === true || softwareAdapter.test(adapter);
  const destroy = (): void => {
    backend.destroy();
  };
  if (!isTrainingBackend(backend)) {
    destroy();
    if (required) throw new RectifyError('INVALID_OPTION', 'This version of @rectify/backend-webgpu has no training operations yet; use --backend cpu.');
    return undefined;
  }
  if (!required && software) {
    destroy();
    return undefined;
  }
  return { backend, description: `webgpu (${adapter})`, close: destroy };
}

function openCpu(registry: Registry, threads: number | undefined): OpenedBackend {
  const backend = createCpuBackend({ registry, ...(threads === undefined ? {} : { threads }) });
  const destroy = (): void => {
    backend.destroy();
  };
  if (!isTrainingBackend(backend)) {
    destroy();
    throw new RectifyError('INVALID_OPTION', 'This version of @rectify/backend-cpu has no training operations yet; use --backend reference (slow).');
  }
  return { backend, description: `cpu (${backend.engine}, ${backend.threads} thread${backend.threads === 1 ? '' : 's'})`, close: destroy };
}

/**
 * Opens the backend a command asked for. 'auto' takes WebGPU on a hardware adapter and the CPU
 * otherwise; WebGPU is imported only when asked for or tried, so Node without a GPU never loads it.
 */
export async function openTrainingBackend(choice: BackendChoice, registry: Registry, options: { readonly threads?: number | undefined } = {}): Promise<OpenedBackend> {
  switch (choice) {
    case 'reference': {
      const backend = createReferenceTrainingBackend({ registry });
      return { backend, description: 'reference (float64, slow)', close: () => undefined };
    }
    case 'cpu':
      return openCpu(registry, options.threads);
    case 'webgpu': {
      const opened = await openWebGPU(registry, true);
      if (opened === undefined) throw new RectifyError('INVALID_OPTION', 'No WebGPU adapter was found.');
      return opened;
    }
    case 'auto':
      return (await openWebGPU(registry, false)) ?? openCpu(registry, options.threads);
  }
}

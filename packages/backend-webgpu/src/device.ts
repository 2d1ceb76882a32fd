import { RectifyError } from '@rectify/activation-core';
import './gpu-types.js';

export interface DeviceOptions {
  /** Use this device (the caller keeps ownership: `destroy()` leaves it alive). */
  readonly device?: GPUDevice;
  /** The GPU entry point: `navigator.gpu` in browsers, `create([...])` from the `webgpu` package in Node. */
  readonly gpu?: GPU;
  readonly powerPreference?: GPUPowerPreference;
}

export interface AcquiredDevice {
  readonly device: GPUDevice;
  /** True when the backend created the device and so destroys it. */
  readonly owned: boolean;
  /** The entry point the device came from: held as long as the device (Dawn ends devices whose instance is collected). */
  readonly gpu: GPU | undefined;
}

interface NodeWebGPU {
  create(flags: string[]): GPU;
}

const isNodeWebGPU = (value: unknown): value is NodeWebGPU =>
  typeof value === 'object' && value !== null && typeof (value as { create?: unknown }).create === 'function';

/** The `webgpu` package when it is installed (Node); undefined elsewhere. */
async function importNodeWebGPU(): Promise<NodeWebGPU | undefined> {
  const specifier = 'webgpu';
  try {
    const loaded: unknown = await import(/* @vite-ignore */ specifier);
    return isNodeWebGPU(loaded) ? loaded : undefined;
  } catch {
    return undefined;
  }
}

interface Attempt {
  readonly label: string;
  readonly gpu: () => GPU;
  readonly options: GPURequestAdapterOptions;
}

/**
 * Finds an adapter and creates a device: the given `gpu`, else `navigator.gpu`, else the `webgpu`
 * package in Node: first with default flags, then with Dawn's OpenGL ES backend in compatibility mode
 * (Mesa on Linux servers without Vulkan; EGL_PLATFORM defaults to 'surfaceless' for it).
 */
export async function acquireDevice(options: DeviceOptions): Promise<AcquiredDevice> {
  if (options.device !== undefined) return { device: options.device, owned: false, gpu: options.gpu };
  const preference: GPURequestAdapterOptions = options.powerPreference === undefined ? {} : { powerPreference: options.powerPreference };
  const attempts: Attempt[] = [];
  const navigatorGpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (options.gpu !== undefined) {
    const gpu = options.gpu;
    attempts.push({ label: 'the given gpu', gpu: () => gpu, options: preference });
    attempts.push({ label: 'the given gpu in compatibility mode', gpu: () => gpu, options: { ...preference, featureLevel: 'compatibility' } });
  } else if (navigatorGpu !== undefined) {
    attempts.push({ label: 'navigator.gpu', gpu: () => navigatorGpu, options: preference });
    attempts.push({ label: 'navigator.gpu in compatibility mode', gpu: () => navigatorGpu, options: { ...preference, featureLevel: 'compatibility' } });
  } else {
    const node = await importNodeWebGPU();
    if (node !== undefined) {
      attempts.push({ label: "the 'webgpu' package with default flags", gpu: () => node.create([]), options: preference });
      attempts.push({
        label: "the 'webgpu' package with backend=opengles in compatibility mode",
        gpu: () => {
          const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env;
          if (env !== undefined) env['EGL_PLATFORM'] ??= 'surfaceless';
          return node.create(['backend=opengles']);
        },
        options: { ...preference, featureLevel: 'compatibility' },
      });
    }
  }
  const tried: string[] = [];
  for (const attempt of attempts) {
    let adapter: GPUAdapter | null;
    let gpu: GPU;
    try {
      gpu = attempt.gpu();
      adapter = await gpu.requestAdapter(attempt.options);
    } catch (error) {
      tried.push(`${attempt.label} (${String(error)})`);
      continue;
    }
    if (adapter === null) {
      tried.push(`${attempt.label} (no adapter)`);
      continue;
    }
    const features: GPUFeatureName[] = adapter.features.has('shader-f16') ? ['shader-f16'] : [];
    const device = await adapter.requestDevice({ requiredFeatures: features });
    return { device, owned: true, gpu };
  }
  const summary = attempts.length === 0 ? "no navigator.gpu, no gpu option, and the 'webgpu' package is not installed" : tried.join('; ');
  throw new RectifyError('INVALID_OPTION', `No WebGPU adapter found. Tried: ${summary}.`, { tried });
}

/**
 * TensorFlow.js's WebGPU backend as a benchmark peer: in a browser on its own `navigator.gpu`; in
 * Node on the same Dawn instance as ours, given as `gpu`. There it asks for a core-mode adapter, which
 * Dawn's OpenGL ES backend only gives in compatibility mode, so the adapter request is pointed there.
 * GPU-resident timing: the op on a tensor already on the GPU,
 * its queued commands submitted, then `onSubmittedWorkDone` (no read-back). With timestamp queries,
 * the backend's device is replaced by one that timestamps its compute passes.
 */
import type { GpuTimer } from '../gpu-timer.js';
import { timestampedDevice } from '../gpu-timer.js';

export interface TfjsWebGpuPeer {
  readonly name: 'tfjs-webgpu';
  /** Timestamps on TensorFlow.js's device, when it has 'timestamp-query' (it asks for it when the adapter offers it). */
  readonly timer?: GpuTimer;
  /** Milliseconds-producing runs for the ops it has, by our activation id; others are absent. */
  time(id: string, length: number, measure: (run: () => Promise<void>) => Promise<number>): Promise<number | undefined>;
}

interface TfjsWebGpuInternals {
  device: GPUDevice;
  endComputePassEncoder(): void;
  submitQueue(): void;
}

const isWebGpuInternals = (value: unknown): value is TfjsWebGpuInternals =>
  typeof value === 'object' && value !== null && 'device' in value && 'submitQueue' in value && 'endComputePassEncoder' in value;

export async function openTfjsWebGpu(gpu?: GPU): Promise<TfjsWebGpuPeer | { readonly reason: string }> {
  try {
    if (gpu !== undefined) {
      const compatible = {
        requestAdapter: (options: GPURequestAdapterOptions = {}) => gpu.requestAdapter({ ...options, featureLevel: 'compatibility' }),
        getPreferredCanvasFormat: () => gpu.getPreferredCanvasFormat(),
        wgslLanguageFeatures: gpu.wgslLanguageFeatures,
      };
      Object.defineProperty(globalThis, 'navigator', { value: { gpu: compatible, userAgent: 'node' }, configurable: true });
    }
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-webgpu');
    if (!(await tf.setBackend('webgpu'))) return { reason: 'tf.setBackend("webgpu") failed' };
    await tf.ready();
    const backend: unknown = tf.backend();
    if (!isWebGpuInternals(backend)) return { reason: 'the webgpu backend lacks the device and queue methods this benchmark uses' };
    const timer = backend.device.features.has('timestamp-query') ? timestampedDevice(backend.device, 16) : undefined;
    if (timer !== undefined) backend.device = timer.device;
    const ops: Readonly<Record<string, (x: ReturnType<typeof tf.tensor1d>) => ReturnType<typeof tf.tensor1d>>> = {
      relu: (x) => tf.relu(x),
      leaky_relu: (x) => tf.leakyRelu(x, 0.01),
      prelu: (x) => tf.prelu(x, tf.tensor1d([0.25])),
      elu: (x) => tf.elu(x),
    };
    return {
      name: 'tfjs-webgpu',
      ...(timer === undefined ? {} : { timer }),
      async time(id, length, measure) {
        const op = ops[id];
        if (op === undefined) return undefined;
        const x = tf.tensor1d(Float32Array.from({ length }, (_, i) => Math.sin(i) * 4));
        await x.data();
        const ms = await measure(async () => {
          const y = op(x);
          backend.endComputePassEncoder();
          backend.submitQueue();
          await backend.device.queue.onSubmittedWorkDone();
          y.dispose();
        });
        x.dispose();
        return ms;
      },
    };
  } catch (error) {
    return { reason: `TensorFlow.js's WebGPU backend did not start: ${String(error)}` };
  }
}

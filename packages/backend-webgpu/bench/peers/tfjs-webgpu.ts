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
  /** The op of our activation id on a GPU-resident input of `length` elements, when it has one. */
  prepare(id: string, length: number): Promise<PeerRun | undefined>;
}

export interface PeerRun {
  /** Runs the op once and waits for the GPU to finish it. */
  readonly run: () => Promise<void>;
  /** Releases the tensors made for it. */
  readonly dispose: () => void;
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
    type Tensor = ReturnType<typeof tf.tensor1d>;
    /** The timed op for x on the GPU, and the tensors it made up front (disposed after timing). */
    interface TimedOp {
      readonly run: () => Tensor;
      readonly held: readonly Tensor[];
    }
    const elementwise = (op: (x: Tensor) => Tensor) => (x: Tensor): TimedOp => ({ run: () => op(x), held: [] });
    const ops: Readonly<Record<string, (x: Tensor) => TimedOp>> = {
      relu: elementwise((x) => tf.relu(x)),
      leaky_relu: elementwise((x) => tf.leakyRelu(x, 0.01)),
      prelu: elementwise((x) => tf.prelu(x, tf.tensor1d([0.25]))),
      elu: elementwise((x) => tf.elu(x)),
      // tf.elu's gradient: the EluGrad kernel, from dy (x's values, as our dy) and the forward output y.
      'elu backward from output': (x) => {
        const y = tf.elu(x);
        return { run: () => tf.engine().runKernel<Tensor>('EluGrad', { dy: x, y }), held: [y] };
      },
    };
    return {
      name: 'tfjs-webgpu',
      ...(timer === undefined ? {} : { timer }),
      async prepare(id, length) {
        const setUp = ops[id];
        if (setUp === undefined) return undefined;
        const x = tf.tensor1d(Float32Array.from({ length }, (_, i) => Math.sin(i) * 4));
        const op = setUp(x);
        await Promise.all([x, ...op.held].map((tensor) => tensor.data()));
        return {
          async run() {
            const y = op.run();
            backend.endComputePassEncoder();
            backend.submitQueue();
            await backend.device.queue.onSubmittedWorkDone();
            y.dispose();
          },
          dispose() {
            [x, ...op.held].forEach((tensor) => { tensor.dispose(); });
          },
        };
      },
    };
  } catch (error) {
    return { reason: `TensorFlow.js's WebGPU backend did not start: ${String(error)}` };
  }
}

import type {
  ActivationDefinition,
  ActivationId,
  Backend,
  BackwardOptions,
  ForwardOptions,
  ParamsArg,
  Registry,
  ResolvedParams,
  TrainingBackend,
} from '@rectify/activation-core';
import { builtinActivations, channelLayout, checkBackwardCall, checkForwardCall, checkParamGradients, createRegistry, RectifyError, resolveParams, seedKey, slotValues } from '@rectify/activation-core';
import type { PoolStats } from './buffer-pool.js';
import { BufferPool } from './buffer-pool.js';
import type { DeviceOptions } from './device.js';
import { acquireDevice } from './device.js';
import { paddedBytes, readbackUsage, storageUsage, storedBytes, uniformUsage } from './gpu-types.js';
import type { KernelCall, PipelineStats } from './pipelines.js';
import { adapterText } from './adapter-text.js';
import { PipelineCache } from './pipelines.js';
import { float16Bits, float32FromFloat16 } from './float16.js';
import type { TensorDtype } from './tensor.js';
import { bufferOf, swapBuffer, takeBuffer, WebGPUTensor } from './tensor.js';
import { createTrainingOps } from './training/training-ops.js';
import type { BindingName } from './wgsl/kernel-source.js';
import { checkVectorsPerInvocation, defaultVectorsPerInvocation } from './vectors-per-invocation.js';
import { bindKernelBuffers, bindsBuffer, uniformHeaderBytes, workgroupsFor } from './wgsl/kernel-source.js';
import type { Storage, Width } from './wgsl/types.js';

export interface WebGPUBackendOptions extends DeviceOptions {
  /** Definitions to run; defaults to a registry holding the built-ins. Plugins registered later work too. */
  readonly registry?: Registry;
  /** Elements per invocation: 4 (vec4, the default) or 1. */
  readonly width?: Width;
  /**
   * Invocations per workgroup, a power of two within the device's limits; by default 256, or the
   * device's limit where that is lower (128 in compatibility mode).
   */
  readonly workgroupSize?: number;
  /**
   * Consecutive vectors each invocation of an activation kernel computes: 1, 2, 4 or 8. By default
   * 2 on Mesa's llvmpipe, where it is faster, and 1 elsewhere.
   */
  readonly vectorsPerInvocation?: number;
}

export interface UploadOptions {
  /**
   * How the tensor is stored: `float32` (the default) or `float16`, half the bytes: values are
   * rounded to the nearest half (ties to even, beyond 65,504 to infinity), activation calls on it
   * compute in float32 and round their results to float16, and `read` widens them back exactly.
   * Activation calls only (forwardTensor, backwardTensor); training ops take float32 tensors.
   */
  readonly dtype?: TensorDtype;
}

/** Options of tensor-resident calls: those of array calls, without `out` (`inPlace` reuses the tensor). */
export interface TensorCallOptions {
  readonly inPlace?: boolean;
  /** Defaults to the tensor's shape. */
  readonly shape?: readonly number[];
  readonly channelAxis?: number;
  readonly training?: boolean;
  readonly seed?: number;
}

/** Options of `backwardTensor`: those of tensor calls, and the saved forward output as a tensor. */
export interface TensorBackwardOptions extends TensorCallOptions {
  /** The forward result for the input, as `BackwardOptions.output`: a tensor of this backend, of the input's length. */
  readonly output?: WebGPUTensor;
  /** As `BackwardOptions.paramGradients`: false computes the input gradient alone. */
  readonly paramGradients?: boolean;
}

export interface TensorBackwardResult {
  readonly gradInput: WebGPUTensor;
  readonly gradParams: Readonly<Record<string, number | Float32Array>>;
}

export interface WebGPUBackend extends Backend, TrainingBackend<WebGPUTensor> {
  readonly name: 'webgpu';
  readonly device: GPUDevice;
  /** The GPU entry point the device came from, kept alive with the backend (undefined when only a device was given). */
  readonly gpu: GPU | undefined;
  /** Largest element count one call accepts: the device's maxStorageBufferBindingSize / 4. */
  readonly maxElements: number;
  /** Invocations per workgroup of every kernel this backend dispatches. */
  readonly workgroupSize: number;
  /** Consecutive vectors each invocation of an activation kernel computes. */
  readonly vectorsPerInvocation: number;
  /** Set once the device is lost: every pending and later call rejects; create a new backend. */
  readonly lost: { readonly reason: string; readonly message: string } | undefined;
  forward<Id extends ActivationId>(id: Id, input: Float32Array, params?: ParamsArg<Id>, options?: ForwardOptions): Promise<Float32Array>;
  backward<Id extends ActivationId>(
    id: Id,
    input: Float32Array,
    gradOutput: Float32Array,
    params?: ParamsArg<Id>,
    options?: BackwardOptions,
  ): Promise<{ gradInput: Float32Array; gradParams: Readonly<Record<string, number | Float32Array>> }>;
  upload(data: Float32Array, shape?: readonly number[], options?: UploadOptions): WebGPUTensor;
  forwardTensor<Id extends ActivationId>(id: Id, input: WebGPUTensor, params?: ParamsArg<Id>, options?: TensorCallOptions): Promise<WebGPUTensor>;
  backwardTensor<Id extends ActivationId>(
    id: Id,
    input: WebGPUTensor,
    gradOutput: WebGPUTensor,
    params?: ParamsArg<Id>,
    options?: TensorBackwardOptions,
  ): Promise<TensorBackwardResult>;
  read(tensor: WebGPUTensor): Promise<Float32Array>;
  dispose(tensor: WebGPUTensor): void;
  readonly poolStats: PoolStats;
  readonly pipelineStats: PipelineStats;
  /** Releases every buffer and pipeline (and the device, when the backend created it). */
  destroy(): void;
}

interface Call {
  readonly definition: ActivationDefinition;
  readonly params: ResolvedParams;
  readonly training: boolean;
  readonly key: number;
  readonly perChannel: boolean;
  readonly stride: number;
  readonly channels: number;
}

interface Dispatched {
  readonly output: GPUBuffer;
  /** Per-channel sums of each learnable parameter's gradient, `channels` floats per parameter (backward). */
  readonly sums: GPUBuffer | undefined;
  readonly temporaries: GPUBuffer[];
}

// Software adapters run larger workgroups faster (llvmpipe at 128 against 64: relu 7.5%, elu 12%
// faster; SwiftShader at 256 against 64: relu 40%, elu 15%), and hardware GPUs are indifferent here.
const defaultWorkgroupSize = 256;

const storageOf = (tensor: WebGPUTensor): Storage => (tensor.dtype === 'float16' ? 'f16' : 'f32');

export async function createWebGPUBackend(options: WebGPUBackendOptions = {}): Promise<WebGPUBackend> {
  const registry = options.registry ?? createRegistry({ activations: builtinActivations });
  const requestedVectors = options.vectorsPerInvocation === undefined ? undefined : checkVectorsPerInvocation(options.vectorsPerInvocation);
  const acquired = await acquireDevice(options);
  const { device, owned } = acquired;
  const limits = device.limits;
  const workgroupSize = options.workgroupSize ?? Math.min(defaultWorkgroupSize, limits.maxComputeInvocationsPerWorkgroup, limits.maxComputeWorkgroupSizeX);
  if (!Number.isInteger(Math.log2(workgroupSize)) || workgroupSize > limits.maxComputeInvocationsPerWorkgroup || workgroupSize > limits.maxComputeWorkgroupSizeX) {
    throw new RectifyError('INVALID_OPTION', `workgroupSize must be a power of two up to ${limits.maxComputeInvocationsPerWorkgroup}, got ${workgroupSize}.`);
  }
  const width: unknown = options.width ?? 4;
  if (width !== 1 && width !== 4) throw new RectifyError('INVALID_OPTION', `width must be 1 or 4, got ${String(width)}.`);
  const maxElements = Math.floor(Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize) / 16) * 4;
  const maxGroups = limits.maxComputeWorkgroupsPerDimension;
  const pool = new BufferPool(device);
  const vectorsPerInvocation = requestedVectors ?? defaultVectorsPerInvocation(adapterText(device));
  const pipelines = new PipelineCache(device, width, workgroupSize, vectorsPerInvocation);
  const owner = {};
  let destroyed = false;
  let lost: WebGPUBackend['lost'];
  const pending = new Set<(error: RectifyError) => void>();

  const lostError = (): RectifyError =>
    new RectifyError('DEVICE_LOST', `The WebGPU device was lost (${lost?.reason ?? 'unknown'}: ${lost?.message ?? ''}); create a new backend.`, { reason: lost?.reason });
  void device.lost.then((info) => {
    if (destroyed) return;
    lost = { reason: info.reason, message: info.message };
    const error = lostError();
    for (const reject of pending) reject(error);
    pending.clear();
  });

  const checkUsable = (): void => {
    if (destroyed) throw new RectifyError('INVALID_OPTION', 'This WebGPU backend was destroyed; create a new one.');
    if (lost !== undefined) throw lostError();
  };

  /** Runs `work`, rejecting with a typed error when the device is lost meanwhile. */
  const guarded = <T>(work: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const onLost = (error: RectifyError): void => { reject(error); };
      pending.add(onLost);
      // The work starts now, not in a later task, so the arrays a call is given are read (uploaded)
      // before the call returns and the caller may change them at once.
      const started = (async (): Promise<T> => {
        checkUsable();
        return work();
      })();
      started
        .then(resolve, (error: unknown) => {
          if (lost !== undefined) reject(lostError());
          else if (error instanceof Error) reject(destroyed && !(error instanceof RectifyError) ? new RectifyError('INVALID_OPTION', 'This WebGPU backend was destroyed during the call.') : error);
          else reject(new Error(String(error)));
        })
        .finally(() => pending.delete(onLost));
    });

  const checkSize = (length: number, what: string): void => {
    if (length > maxElements) {
      throw new RectifyError(
        'SHAPE_MISMATCH',
        `${what} has ${length} elements but this device binds at most ${maxElements} float32 values per buffer (maxStorageBufferBindingSize ${limits.maxStorageBufferBindingSize} bytes); split it into several calls.`,
        { length, maxElements },
      );
    }
  };

  const describeCall = (id: string, params: unknown, length: number, callOptions: ForwardOptions | BackwardOptions | TensorCallOptions, shape: readonly number[] | undefined): Call => {
    const definition = registry.get(id);
    const layout = channelLayout(length, shape, callOptions.channelAxis ?? 1);
    const seed = callOptions.seed ?? 0;
    if (!Number.isInteger(seed)) throw new RectifyError('INVALID_OPTION', `seed must be an integer, got ${seed}.`, { seed });
    const resolved = resolveParams(definition, params, layout);
    const perChannel = Object.values(resolved).some((param) => param.kind === 'channel');
    return {
      definition,
      params: resolved,
      training: callOptions.training === true,
      key: seedKey(seed),
      perChannel,
      stride: perChannel && layout !== undefined ? layout.stride : Math.max(1, length),
      channels: perChannel && layout !== undefined ? layout.channels : 1,
    };
  };

  const uploadData = (data: Float32Array): GPUBuffer => {
    const buffer = pool.acquire(paddedBytes(data.length), storageUsage);
    if (data.length > 0) device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.length * 4);
    return buffer;
  };

  const uploadHalves = (data: Float32Array): GPUBuffer => {
    const buffer = pool.acquire(storedBytes(data.length, 'float16'), storageUsage);
    // writeBuffer takes whole 4-byte words.
    const halves = float16Bits(data, data.length + (data.length % 2));
    if (data.length > 0) device.queue.writeBuffer(buffer, 0, halves);
    return buffer;
  };

  const uniformBuffer = (data: ArrayBuffer): GPUBuffer => {
    const buffer = pool.acquire(data.byteLength, uniformUsage);
    device.queue.writeBuffer(buffer, 0, data);
    return buffer;
  };

  /** Workgroups along x and y for `groups` workgroups, folded past maxComputeWorkgroupsPerDimension. */
  const fold = (groups: number): [number, number] => {
    if (groups <= maxGroups) return [Math.max(1, groups), 1];
    const rows = Math.ceil(groups / maxGroups);
    return [Math.ceil(groups / rows), rows];
  };

  /**
   * Encodes the element-wise kernel (and the parameter-gradient reduction) for one call. `saved`, the
   * forward output, is bound only where the kernel reads it.
   */
  const encode = async (
    encoder: GPUCommandEncoder,
    found: KernelCall,
    call: Call,
    length: number,
    input: GPUBuffer,
    grad: GPUBuffer | undefined,
    saved?: GPUBuffer,
    dtype: TensorDtype = 'float32',
  ): Promise<Dispatched> => {
    const { kernel } = found;
    const { source, slots } = kernel;
    // Read before the first await: the call's arrays are read before it returns (see guarded).
    const values = found.slotValues ?? slotValues(slots, call.params, call.channels);
    const pipeline = await kernel.pipeline;
    const count = Math.ceil(length / width);
    const [groupsX, groupsY] = fold(workgroupsFor(count, workgroupSize, source));
    const header = new ArrayBuffer(uniformHeaderBytes + 16 * source.uniformSlots);
    new Uint32Array(header, 0, 6).set([length, call.key >>> 0, call.stride, call.channels, groupsX, count]);
    new Float32Array(header, 24, 2).set([Number.POSITIVE_INFINITY, Number.NaN]);
    new Float32Array(header, uniformHeaderBytes).set(values.subarray(0, slots.scalar.size));
    const temporaries = [uniformBuffer(header)];
    // Contributions are float32 whatever the tensors' storage.
    const bytes = paddedBytes(length);
    const dataBytes = storedBytes(length, dtype);
    const output = pool.acquire(dataBytes, storageUsage);
    const gradients = kernel.prepared.gradientParams;
    const buffers: { [name in BindingName]?: GPUBufferBinding } = {
      uniforms: { buffer: temporaries[0] as GPUBuffer },
      input: { buffer: input, size: dataBytes },
      output: { buffer: output, size: dataBytes },
    };
    if (grad !== undefined) buffers.grad = { buffer: grad, size: dataBytes };
    if (saved !== undefined) buffers.savedOutput = { buffer: saved, size: dataBytes };
    let contributions: GPUBuffer | undefined;
    if (bindsBuffer(source, 'contributions')) {
      contributions = pool.acquire(bytes * gradients.length, storageUsage);
      temporaries.push(contributions);
      buffers.contributions = { buffer: contributions, size: bytes * gradients.length };
    }
    if (bindsBuffer(source, 'channels')) {
      const channelValues = uploadData(values.subarray(slots.scalar.size));
      temporaries.push(channelValues);
      buffers.channels = { buffer: channelValues, size: paddedBytes(values.length - slots.scalar.size) };
    }
    const entries = bindKernelBuffers(source, buffers).map(({ binding, buffer }) => ({ binding, resource: buffer }));
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, device.createBindGroup({ layout: kernel.layout, entries }));
    pass.dispatchWorkgroups(groupsX, groupsY);
    pass.end();
    if (contributions === undefined) return { output, sums: undefined, temporaries };

    const reduction = pipelines.reductionPipeline();
    const reducePipeline = await reduction.pipeline;
    const sums = pool.acquire(gradients.length * call.channels * 4, storageUsage);
    const reducePass = encoder.beginComputePass();
    reducePass.setPipeline(reducePipeline);
    gradients.forEach((name, k) => {
      const channels = call.params[name]?.kind === 'channel' ? call.channels : 1;
      const [rx, ry] = fold(channels);
      const uniforms = new Uint32Array([length, channels === 1 ? Math.max(1, length) : call.stride, channels, (k * bytes) / 4, k * call.channels, rx, 0, 0]);
      const buffer = uniformBuffer(uniforms.buffer);
      temporaries.push(buffer);
      reducePass.setBindGroup(
        0,
        device.createBindGroup({
          layout: reduction.layout,
          entries: [
            { binding: 0, resource: { buffer } },
            { binding: 1, resource: { buffer: contributions, size: bytes * gradients.length } },
            { binding: 2, resource: { buffer: sums } },
          ],
        }),
      );
      reducePass.dispatchWorkgroups(rx, ry);
    });
    reducePass.end();
    return { output, sums, temporaries };
  };

  /**
   * Copies each buffer to a mappable one, submits `encoder`, and reads them back as float32 (float16
   * buffers widened).
   */
  const submitAndRead = async (encoder: GPUCommandEncoder, reads: readonly { buffer: GPUBuffer; length: number; dtype?: TensorDtype }[], release: readonly GPUBuffer[]): Promise<Float32Array[]> => {
    const sizes = reads.map(({ length, dtype = 'float32' }) => storedBytes(length, dtype));
    const staging = reads.map(({ buffer }, index) => {
      const size = sizes[index] ?? 0;
      const target = pool.acquire(size, readbackUsage);
      encoder.copyBufferToBuffer(buffer, 0, target, 0, size);
      return target;
    });
    device.queue.submit([encoder.finish()]);
    release.forEach((buffer) => { pool.release(buffer); });
    try {
      return await Promise.all(
        staging.map(async (buffer, index) => {
          const size = sizes[index] ?? 0;
          const { length = 0, dtype = 'float32' } = reads[index] ?? {};
          await buffer.mapAsync(1 /* GPUMapMode.READ */, 0, size);
          const bytes = buffer.getMappedRange(0, size);
          // Widening copies out of the mapped range, which unmap() invalidates.
          const values = dtype === 'float16' ? float32FromFloat16(new Uint16Array(bytes, 0, length)) : new Float32Array(bytes.slice(0, length * 4));
          buffer.unmap();
          return values;
        }),
      );
    } finally {
      if (!destroyed) staging.forEach((buffer) => { pool.release(buffer); });
    }
  };

  const gradParamsOf = (call: Call, names: readonly string[], sums: Float32Array | undefined): Record<string, number | Float32Array> => {
    const result: Record<string, number | Float32Array> = {};
    names.forEach((name, k) => {
      const perChannel = call.params[name]?.kind === 'channel';
      const part = sums?.subarray(k * call.channels, k * call.channels + (perChannel ? call.channels : 1));
      result[name] = perChannel ? Float32Array.from(part ?? new Float32Array(call.channels)) : (part?.[0] ?? 0);
    });
    return result;
  };

  /** The buffer of a tensor that must match the input's length and dtype (gradOutput, the saved output). */
  const sameLengthBuffer = (tensor: WebGPUTensor, input: WebGPUTensor, what: string): GPUBuffer => {
    const buffer = bufferOf(tensor, owner, what, input.dtype);
    if (tensor.length !== input.length) {
      throw new RectifyError('SHAPE_MISMATCH', `${what} has ${tensor.length} elements but the input has ${input.length}.`, { expected: input.length, actual: tensor.length });
    }
    return buffer;
  };

  const training = createTrainingOps({ device, pool, owner, registry, workgroupSize, vectorsPerInvocation, checkUsable, checkSize });

  const backend: WebGPUBackend = {
    ...training.ops,
    name: 'webgpu',
    registry,
    gpu: acquired.gpu,
    device,
    maxElements,
    workgroupSize,
    vectorsPerInvocation,
    get lost() {
      return lost;
    },
    get poolStats() {
      return pool.stats;
    },
    get pipelineStats() {
      const activation = pipelines.stats;
      const trainingOps = training.stats();
      return { misses: activation.misses + trainingOps.misses, hits: activation.hits + trainingOps.hits };
    },

    forward(id, rawInput, params, rawOptions) {
      return guarded(async () => {
        const { input, target, options: callOptions } = checkForwardCall(rawInput, rawOptions);
        const call = describeCall(id, params, input.length, callOptions, callOptions.shape);
        checkSize(input.length, 'input');
        const found = pipelines.lookup(call.definition, 'forward', call.params, call.training, call.perChannel);
        const output = target ?? new Float32Array(input.length);
        if (input.length === 0) return output;
        const inputBuffer = uploadData(input);
        const encoder = device.createCommandEncoder();
        const dispatched = await encode(encoder, found, call, input.length, inputBuffer, undefined);
        const [values] = await submitAndRead(encoder, [{ buffer: dispatched.output, length: input.length }], [inputBuffer, dispatched.output, ...dispatched.temporaries]);
        output.set(values ?? new Float32Array(input.length));
        return output;
      });
    },

    backward(id, rawInput, rawGrad, params, rawOptions) {
      return guarded(async () => {
        const { input, gradOutput, target, options: callOptions } = checkBackwardCall(rawInput, rawGrad, rawOptions);
        const call = describeCall(id, params, input.length, callOptions, callOptions.shape);
        checkSize(input.length, 'input');
        const saved = callOptions.output;
        const variant = { fromOutput: saved !== undefined, paramGradients: callOptions.paramGradients !== false };
        const found = pipelines.lookup(call.definition, 'backward', call.params, call.training, call.perChannel, variant);
        const names = found.kernel.prepared.gradientParams;
        const gradInput = target ?? new Float32Array(input.length);
        if (input.length === 0) return { gradInput, gradParams: gradParamsOf(call, names, undefined) };
        const savedBuffer = found.kernel.source.readsOutput && saved !== undefined ? uploadData(saved) : undefined;
        // A kernel that reads y alone never loads x: y fills the input binding too, and x stays on the host.
        const inputBuffer = savedBuffer !== undefined && !found.kernel.prepared.readsInput ? savedBuffer : uploadData(input);
        const gradBuffer = uploadData(gradOutput);
        const encoder = device.createCommandEncoder();
        const dispatched = await encode(encoder, found, call, input.length, inputBuffer, gradBuffer, savedBuffer);
        const reads = [{ buffer: dispatched.output, length: input.length }];
        if (dispatched.sums !== undefined) reads.push({ buffer: dispatched.sums, length: names.length * call.channels });
        const uploaded = [...new Set([inputBuffer, gradBuffer, ...(savedBuffer === undefined ? [] : [savedBuffer])])];
        const release = [...uploaded, dispatched.output, ...dispatched.temporaries, ...(dispatched.sums === undefined ? [] : [dispatched.sums])];
        const [values, sums] = await submitAndRead(encoder, reads, release);
        gradInput.set(values ?? new Float32Array(input.length));
        return { gradInput, gradParams: gradParamsOf(call, names, sums) };
      });
    },

    upload(data, shape, uploadOptions = {}) {
      checkUsable();
      const { input } = checkForwardCall(data);
      channelLayout(input.length, shape);
      checkSize(input.length, 'data');
      const dtype: unknown = uploadOptions.dtype ?? 'float32';
      if (dtype !== 'float32' && dtype !== 'float16') throw new RectifyError('INVALID_DTYPE', `dtype must be "float32" or "float16", got ${JSON.stringify(dtype)}.`, { dtype });
      if (dtype === 'float16' && width !== 4) throw new RectifyError('INVALID_OPTION', 'float16 tensors need a backend of width 4 (four halves are loaded and stored together).');
      const buffer = dtype === 'float16' ? uploadHalves(input) : uploadData(input);
      return new WebGPUTensor(owner, buffer, input.length, shape ?? [input.length], dtype);
    },

    forwardTensor(id, tensor, params, rawOptions = {}) {
      return guarded(async () => {
        const buffer = bufferOf(tensor, owner, 'input', 'any');
        const call = describeCall(id, params, tensor.length, rawOptions, rawOptions.shape ?? tensor.shape);
        const found = pipelines.lookup(call.definition, 'forward', call.params, call.training, call.perChannel, {}, storageOf(tensor));
        const encoder = device.createCommandEncoder();
        const dispatched = await encode(encoder, found, call, tensor.length, buffer, undefined, undefined, tensor.dtype);
        device.queue.submit([encoder.finish()]);
        dispatched.temporaries.forEach((temporary) => { pool.release(temporary); });
        if (rawOptions.inPlace !== true) return new WebGPUTensor(owner, dispatched.output, tensor.length, tensor.shape, tensor.dtype);
        const previous = swapBuffer(tensor, dispatched.output);
        if (previous !== undefined) pool.release(previous);
        return tensor;
      });
    },

    backwardTensor(id, input, gradOutput, params, rawOptions = {}) {
      return guarded(async () => {
        const inputBuffer = bufferOf(input, owner, 'input', 'any');
        const gradBuffer = sameLengthBuffer(gradOutput, input, 'gradOutput');
        const savedBuffer = rawOptions.output === undefined ? undefined : sameLengthBuffer(rawOptions.output, input, 'output');
        checkParamGradients(rawOptions.paramGradients);
        const call = describeCall(id, params, input.length, rawOptions, rawOptions.shape ?? input.shape);
        const variant = { fromOutput: savedBuffer !== undefined, paramGradients: rawOptions.paramGradients !== false };
        const found = pipelines.lookup(call.definition, 'backward', call.params, call.training, call.perChannel, variant, storageOf(input));
        const names = found.kernel.prepared.gradientParams;
        const encoder = device.createCommandEncoder();
        const dispatched = await encode(encoder, found, call, input.length, inputBuffer, gradBuffer, savedBuffer, input.dtype);
        let sums: Float32Array | undefined;
        if (dispatched.sums === undefined) {
          device.queue.submit([encoder.finish()]);
          dispatched.temporaries.forEach((temporary) => { pool.release(temporary); });
        } else {
          [sums] = await submitAndRead(encoder, [{ buffer: dispatched.sums, length: names.length * call.channels }], [...dispatched.temporaries, dispatched.sums]);
        }
        let gradInput: WebGPUTensor;
        if (rawOptions.inPlace === true) {
          const previous = swapBuffer(gradOutput, dispatched.output);
          if (previous !== undefined) pool.release(previous);
          gradInput = gradOutput;
        } else {
          gradInput = new WebGPUTensor(owner, dispatched.output, input.length, input.shape, input.dtype);
        }
        return { gradInput, gradParams: gradParamsOf(call, names, sums) };
      });
    },

    read(tensor) {
      return guarded(async () => {
        const buffer = bufferOf(tensor, owner, 'tensor', 'any');
        if (tensor.length === 0) return new Float32Array(0);
        const [values] = await submitAndRead(device.createCommandEncoder(), [{ buffer, length: tensor.length, dtype: tensor.dtype }], []);
        return values ?? new Float32Array(tensor.length);
      });
    },

    dispose(tensor) {
      bufferOf(tensor, owner, 'tensor', 'any');
      const buffer = takeBuffer(tensor);
      if (buffer !== undefined && !destroyed) pool.release(buffer);
    },

    destroy() {
      if (destroyed) return;
      destroyed = true;
      const error = new RectifyError('INVALID_OPTION', 'This WebGPU backend was destroyed during the call.');
      for (const reject of pending) reject(error);
      pending.clear();
      pool.destroy();
      if (owned) device.destroy();
    },
  };
  return backend;
}

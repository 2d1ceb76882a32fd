import type { ActivationDefinition, ActivationId, BackwardOptions, BackwardResult, ChannelLayout, ForwardOptions, ParamsArg, Registry, ResolvedParams, TrainingBackend } from '@rectify/activation-core';
import { builtinActivations, channelLayout, checkBackwardCall, checkForwardCall, createRegistry, RectifyError, resolveParams, seedKey } from '@rectify/activation-core';
import type { CpuEngine } from './engine.js';
import { canCompileWasmSimd, canUseRelaxedSimd } from './engine.js';
import { interpretKernel } from './interpreter/interpret.js';
import type { KernelCacheStats, KernelCall } from './kernels/kernel-cache.js';
import { KernelCache } from './kernels/kernel-cache.js';
import { SlotBuffer } from './kernels/slot-buffer.js';
import type { Blocks } from './kernels/kernel-layout.js';
import { wholeRange } from './kernels/kernel-layout.js';
import type { KernelArrays } from './kernels/wasm-runner.js';
import { WasmRunner } from './kernels/wasm-runner.js';
import { Arena } from './memory/arena.js';
import { hardwareThreads } from './threads/node-builtins.js';
import { ThreadPool } from './threads/thread-pool.js';
import type { CpuTensor } from './training/cpu-tensor.js';
import { createTrainingOps } from './training/training-ops.js';

export interface CpuBackendOptions {
  /** Definitions to run; defaults to a registry holding the built-ins. Plugins registered later work too. */
  readonly registry?: Registry;
  /** 'auto' (default) uses WebAssembly SIMD when the platform allows run-time compilation, else the interpreter. */
  readonly engine?: 'auto' | CpuEngine;
  /**
   * Threads for large arrays (the caller's plus workers sharing memory); defaults to the machine's
   * available parallelism, at most 4. Arrays below `parallelThreshold` elements always use one.
   */
  readonly threads?: number;
  /**
   * Elements from which a call is split across threads (an eighth of it for kernels with an
   * exponential, logarithm, tanh, sigmoid or erf); see the package README for how it was measured.
   */
  readonly parallelThreshold?: number;
  /**
   * Evaluate the polynomials of exp, log, tanh, erf and their relatives with WebAssembly relaxed
   * SIMD's multiply-add, fused (one rounding) on hardware with FMA. Defaults to true where the
   * platform offers relaxed SIMD. Results stay within the same bounds either way but may differ in
   * the last bit between machines; false gives the same bits everywhere.
   */
  readonly relaxedSimd?: boolean;
}

/** The CPU backend: array-level activations plus the training ops on tensors in its memory. */
export interface CpuBackend extends TrainingBackend<CpuTensor> {
  readonly name: 'cpu';
  /** The engine in use, as chosen by `engine: 'auto'` or requested. */
  readonly engine: CpuEngine;
  /** Whether the compiled kernels use relaxed SIMD's multiply-add (false for the interpreter). */
  readonly relaxedSimd: boolean;
  /** Threads used for arrays of at least `parallelThreshold` elements. */
  readonly threads: number;
  readonly parallelThreshold: number;
  /** Stops the worker threads; the backend keeps working on one thread. */
  destroy(): void;
  forward<Id extends ActivationId>(id: Id, input: Float32Array, params?: ParamsArg<Id>, options?: ForwardOptions): Float32Array;
  backward<Id extends ActivationId>(id: Id, input: Float32Array, gradOutput: Float32Array, params?: ParamsArg<Id>, options?: BackwardOptions): BackwardResult;
  /** A zeroed Float32Array inside the backend's memory: inputs and outputs there are used without copies. */
  allocate(length: number): Float32Array;
  /** Returns an array from `allocate` to the backend. */
  free(array: Float32Array): void;
  readonly kernelStats: KernelCacheStats;
  /** Bytes and blocks currently allocated in the backend's memory. */
  readonly memoryStats: { readonly bytes: number; readonly blocks: number };
  /** Tensors not yet disposed, and fused dense kernels compiled (one per activation and kernel key). */
  readonly trainingStats: { readonly liveTensors: number; readonly denseKernels: number };
}

interface Call {
  readonly definition: ActivationDefinition;
  readonly params: ResolvedParams;
  readonly training: boolean;
  readonly key: number;
  readonly perChannel: boolean;
  /** Channel blocks only when some parameter is given per channel; otherwise one block. */
  readonly blocks: Blocks;
}

/**
 * Measured on 2 cores: below this a memory-bound kernel (relu) gains nothing from a second thread,
 * whose hand-over costs about 1.5 µs; arithmetic-bound ones split from an eighth of it (see README).
 */
export const defaultParallelThreshold = 1 << 16;

function defaultThreads(): number {
  return Math.max(1, Math.min(4, hardwareThreads()));
}

/**
 * Parameter gradients from a kernel's float64 partial sums (`channels` per parameter, in
 * `names` order): per channel for a per-channel parameter (PReLU's alpha), summed for a scalar one.
 */
function gradientsFromSums(names: readonly string[], params: ResolvedParams, sums: Float64Array, channels: number): Record<string, number | Float32Array> {
  const gradients: Record<string, number | Float32Array> = {};
  for (let index = 0; index < names.length; index++) {
    const name = names[index] ?? '';
    const partial = sums.subarray(index * channels, (index + 1) * channels);
    if (params[name]?.kind === 'channel') {
      gradients[name] = new Float32Array(partial);
    } else {
      let total = 0;
      for (let channel = 0; channel < partial.length; channel++) total += partial[channel] ?? 0;
      gradients[name] = Math.fround(total);
    }
  }
  return gradients;
}

function chooseEngine(requested: CpuBackendOptions['engine']): CpuEngine {
  if (requested === 'interpreter') return 'interpreter';
  const available = canCompileWasmSimd();
  if (requested === 'wasm-simd' && !available) {
    throw new RectifyError('INVALID_OPTION', 'engine "wasm-simd" was requested but this platform cannot compile WebAssembly SIMD at run time.');
  }
  return available ? 'wasm-simd' : 'interpreter';
}

function chooseRelaxedSimd(requested: boolean | undefined, engine: CpuEngine): boolean {
  if (requested !== undefined && typeof requested !== 'boolean') throw new RectifyError('INVALID_OPTION', `relaxedSimd must be a boolean, got ${String(requested)}.`);
  if (engine === 'interpreter') {
    if (requested === true) throw new RectifyError('INVALID_OPTION', 'relaxedSimd: true needs the "wasm-simd" engine, but the interpreter runs.');
    return false;
  }
  const available = canUseRelaxedSimd();
  if (requested === true && !available) {
    throw new RectifyError('INVALID_OPTION', 'relaxedSimd: true was requested but this platform does not offer WebAssembly relaxed SIMD (Node 22+, Chrome 114+; Node 20 with --experimental-wasm-relaxed-simd).');
  }
  return requested ?? available;
}

export function createCpuBackend(options: CpuBackendOptions = {}): CpuBackend {
  const registry = options.registry ?? createRegistry({ activations: builtinActivations });
  const engine = chooseEngine(options.engine);
  const relaxedSimd = chooseRelaxedSimd(options.relaxedSimd, engine);
  const arena = engine === 'wasm-simd' ? new Arena() : undefined;
  const threads = options.threads ?? defaultThreads();
  if (!Number.isInteger(threads) || threads < 1) throw new RectifyError('INVALID_OPTION', `threads must be a positive integer, got ${String(threads)}.`);
  const parallelThreshold = options.parallelThreshold ?? defaultParallelThreshold;
  const canThread = threads > 1 && arena?.shared === true && ThreadPool.available();
  const kernels = new KernelCache(
    arena === undefined ? undefined : { memory: arena.memory, import: arena.memoryImport, fusedMultiplyAdd: relaxedSimd },
  );

  const describeCall = (id: string, params: unknown, length: number, callOptions: ForwardOptions | BackwardOptions): Call => {
    const definition = registry.get(id);
    const layout: ChannelLayout | undefined = channelLayout(length, callOptions.shape, callOptions.channelAxis ?? 1);
    const seed = callOptions.seed ?? 0;
    if (!Number.isInteger(seed)) throw new RectifyError('INVALID_OPTION', `seed must be an integer, got ${seed}.`, { seed });
    const resolved = resolveParams(definition, params, layout);
    let perChannel = false;
    for (const name in resolved) perChannel ||= resolved[name]?.kind === 'channel';
    return {
      perChannel,
      definition,
      params: resolved,
      training: callOptions.training === true,
      key: seedKey(seed),
      blocks: perChannel && layout !== undefined ? layout : wholeRange,
    };
  };

  /** Runs a kernel over [0, n): in the arena (copying arrays that live elsewhere) or interpreted in place. */
  const pool = canThread ? new ThreadPool(arena.memory, threads - 1) : undefined;
  const runner = arena === undefined ? undefined : new WasmRunner(arena, pool, parallelThreshold);

  const slotBuffer = new SlotBuffer();
  /** Runs a kernel over the whole input: compiled on the arena, or interpreted on the caller's arrays. */
  const execute = (call: Call, found: KernelCall, arrays: KernelArrays): Float64Array => {
    const { kernel } = found;
    const values = found.slotValues ?? slotBuffer.values(kernel.slots, call.params, call.blocks.channels);
    if (runner !== undefined && kernel.wasm !== undefined) return runner.run(kernel, values, call.blocks, call.key | 0, arrays);
    const sums = new Float64Array(kernel.prepared.gradientParams.length * call.blocks.channels);
    interpretKernel(kernel.prepared, kernel.slots, { ...arrays, slotValues: values, stride: call.blocks.stride, channels: call.blocks.channels, key: call.key, sums });
    return sums;
  };

  const training = createTrainingOps({
    registry,
    arena,
    pool,
    fusedMultiplyAdd: relaxedSimd,
    forward: (id, input, params, callOptions) => backend.forward(id, input, params, callOptions),
    backward: (id, input, grad, params, callOptions) => backend.backward(id, input, grad, params, callOptions),
  });

  const backend: CpuBackend = {
    ...training.ops,
    name: 'cpu',
    engine,
    relaxedSimd,
    threads: canThread ? threads : 1,
    parallelThreshold,
    registry,
    destroy() {
      pool?.destroy();
    },
    forward(id, rawInput, params, rawOptions) {
      const { input, target, options: callOptions } = checkForwardCall(rawInput, rawOptions);
      const call = describeCall(id, params, input.length, callOptions);
      const found = kernels.lookup(call.definition, 'forward', call.params, call.training, call.perChannel);
      const output = target ?? new Float32Array(input.length);
      execute(call, found, { input, output });
      return output;
    },
    backward(id, rawInput, rawGrad, params, rawOptions) {
      const { input, gradOutput, target, options: callOptions } = checkBackwardCall(rawInput, rawGrad, rawOptions);
      const call = describeCall(id, params, input.length, callOptions);
      const savedOutput = callOptions.output;
      const variant = { fromOutput: savedOutput !== undefined, paramGradients: callOptions.paramGradients !== false };
      const found = kernels.lookup(call.definition, 'backward', call.params, call.training, call.perChannel, variant);
      const kernel = found.kernel;
      const gradInput = target ?? new Float32Array(input.length);
      const sums = execute(call, found, { input, grad: gradOutput, output: gradInput, ...(savedOutput === undefined ? {} : { savedOutput }) });
      const { channels } = call.blocks;
      return { gradInput, gradParams: gradientsFromSums(kernel.prepared.gradientParams, call.params, sums, channels) };
    },
    allocate(length) {
      if (!Number.isInteger(length) || length < 0) throw new RectifyError('INVALID_OPTION', `allocate() needs a non-negative integer length, got ${length}.`);
      if (arena === undefined || !arena.shared) return new Float32Array(length);
      const view = arena.float32(arena.allocate(length * 4), length);
      view.fill(0);
      return view;
    },
    free(array) {
      if (arena?.contains(array) === true) arena.release(array.byteOffset);
    },
    get kernelStats() {
      return kernels.stats;
    },
    get trainingStats() {
      return { liveTensors: training.liveTensors(), denseKernels: training.denseKernelsCompiled() };
    },
    get memoryStats() {
      return { bytes: arena?.bytesInUse ?? 0, blocks: arena?.liveBlocks ?? 0 };
    },
  };
  return backend;
}

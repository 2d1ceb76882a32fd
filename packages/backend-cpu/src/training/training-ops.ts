import type {
  ActivationBackwardResult,
  ActivationCall,
  ActivationDefinition,
  BackwardOptions,
  BackwardResult,
  DenseForwardResult,
  DeviceTensor,
  ForwardOptions,
  ParamValue,
  Registry,
  TrainingBackend,
} from '@rectify/activation-core';
import {
  analyze,
  checkClipRange,
  checkDenseShapes,
  checkDropoutRate,
  checkFiniteNumber,
  checkLabels,
  checkMatmulShapes,
  checkMatrix,
  checkRowIndices,
  checkSameShape,
  checkSeed,
  checkShape,
  checkSoftmaxCrossEntropyShapes,
  channelLayout,
  optimizerFactors,
  RectifyError,
  resolveOptimizer,
  resolveParams,
  seedKey,
  slotValues,
} from '@rectify/activation-core';
import type { Arena } from '../memory/arena.js';
import type { ThreadPool } from '../threads/thread-pool.js';
import { CpuTensor, TensorMemory } from './cpu-tensor.js';
import { DenseKernelCache } from './dense-kernels.js';
import { dropoutInto } from './dropout.js';
import { addInto, clipInto, mulInto, scaleInto, subInto } from './elementwise.js';
import { defaultGemmParallelThreshold, GemmRunner } from './gemm-runner.js';
import { meanSquaredErrorInto, softmaxCrossEntropyInto } from './losses.js';
import { matmulInto } from './matmul-loops.js';
import type { OptimizerKernelName } from './optimizer-kernel.js';
import { buildOptimizerModule, optimizerExportName, optimizerHyperFloats, optimizerHyperValues } from './optimizer-kernel.js';
import { optimizerStepInPlace } from './optimizer-step.js';
import { argmaxRowsInto, sumOf, sumOfSquares, sumRowsInto } from './reductions.js';

/** The training half of the CPU backend: every `TrainingBackend` method except the array-level ones. */
export type CpuTrainingOps = Omit<TrainingBackend<CpuTensor>, 'name' | 'registry' | 'forward' | 'backward'>;

export interface TrainingContext {
  readonly registry: Registry;
  /** The WebAssembly engine's memory; undefined for the interpreter (plain TypeScript loops). */
  readonly arena: Arena | undefined;
  /** The backend's worker threads, which a large GEMM is split over; none: one thread. */
  readonly pool: ThreadPool | undefined;
  /** Multiply-adds from which a GEMM uses every thread. */
  readonly gemmParallelThreshold?: number;
  /** Compile the GEMMs with relaxed SIMD's multiply-add. */
  readonly fusedMultiplyAdd: boolean;
  /** The backend's array-level activation calls (compiled kernels or the interpreter). */
  readonly forward: (id: string, input: Float32Array, params: Readonly<Record<string, ParamValue>>, options: ForwardOptions) => Float32Array;
  readonly backward: (id: string, input: Float32Array, gradOutput: Float32Array, params: Readonly<Record<string, ParamValue>>, options: BackwardOptions) => BackwardResult;
}

export interface TrainingOpsHandle {
  readonly ops: CpuTrainingOps;
  /** Tensors allocated and not yet disposed. */
  readonly liveTensors: () => number;
  /** Fused dense kernels compiled so far. */
  readonly denseKernelsCompiled: () => number;
}

/** Options for the array-level calls an activation op makes on tensor values. */
function activationCallOptions(call: ActivationCall, shape: readonly number[], out: Float32Array): ForwardOptions {
  if (typeof call !== 'object' || typeof call.id !== 'string') throw new RectifyError('INVALID_OPTION', 'activation must be an object with an id.');
  return { shape, out, ...(call.training === undefined ? {} : { training: call.training }), ...(call.seed === undefined ? {} : { seed: checkSeed(call.seed) }) };
}

function backwardCallOptions(call: ActivationCall, shape: readonly number[], out: Float32Array): BackwardOptions {
  const options = activationCallOptions(call, shape, out);
  return call.paramGradients === undefined ? options : { ...options, paramGradients: call.paramGradients };
}

export function createTrainingOps(context: TrainingContext): TrainingOpsHandle {
  const { registry, arena } = context;
  const memory = new TensorMemory(arena);
  const memoryImport = arena?.memoryImport;
  const runner = arena === undefined || memoryImport === undefined ? undefined : new GemmRunner(arena, memoryImport, context.pool, context.gemmParallelThreshold ?? defaultGemmParallelThreshold, context.fusedMultiplyAdd);
  const denseKernels = runner === undefined ? undefined : new DenseKernelCache(runner);
  let optimizerKernels: { readonly run: (name: OptimizerKernelName, penalised: boolean) => (...args: number[]) => void; readonly hyper: number } | undefined;

  /** The f32x4 optimiser kernels, compiled on first use, and their hyper-parameter area. */
  const optimizerKernelsFor = (target: Arena): NonNullable<typeof optimizerKernels> => {
    if (optimizerKernels !== undefined) return optimizerKernels;
    if (memoryImport === undefined) throw new Error('optimizer kernels need the arena');
    const instance = new WebAssembly.Instance(new WebAssembly.Module(buildOptimizerModule(memoryImport)), { env: { memory: target.memory } });
    const run = (name: OptimizerKernelName, penalised: boolean): ((...args: number[]) => void) => {
      const exported = instance.exports[optimizerExportName(name, penalised)];
      if (typeof exported !== 'function') throw new Error(`optimizer module exports no ${name}`);
      return exported as (...args: number[]) => void;
    };
    optimizerKernels = { run, hyper: target.allocate(optimizerHyperFloats * 4) };
    return optimizerKernels;
  };

  // Views are taken after every allocation of an op: growing unshared memory detaches older views.
  const check = (tensor: unknown, what: string): CpuTensor => memory.check(tensor, what);
  const allocate = (shape: readonly number[]): CpuTensor => memory.allocate(shape);

  const isTensorLike = (value: unknown): value is DeviceTensor => typeof value === 'object' && value !== null && 'disposed' in value && 'shape' in value;

  /** Checks the tensors among an activation's parameters (before anything is allocated). */
  const checkActivation = (call: ActivationCall): void => {
    if (typeof call !== 'object' || typeof call.id !== 'string') throw new RectifyError('INVALID_OPTION', 'activation must be an object with an id.');
    for (const [name, value] of Object.entries(call.params ?? {})) if (isTensorLike(value)) check(value, `parameter "${name}"`);
  };

  /** Parameter values with tensors replaced by their values (a one-value tensor: a scalar). */
  const activationParams = (call: ActivationCall): Record<string, ParamValue> => {
    const values: Record<string, ParamValue> = {};
    for (const [name, value] of Object.entries(call.params ?? {})) {
      if (isTensorLike(value)) {
        const data = memory.open(value, `parameter "${name}"`);
        values[name] = data.length === 1 ? (data[0] ?? Number.NaN) : data;
      } else {
        values[name] = value;
      }
    }
    return values;
  };

  const elementwise = (a: CpuTensor, b: CpuTensor, what: string, kernel: (out: Float32Array, a: Float32Array, b: Float32Array) => void): CpuTensor => {
    memory.check(a, `${what}: a`);
    memory.check(b, `${what}: b`);
    checkSameShape(what, a.shape, b.shape);
    const out = allocate(a.shape);
    kernel(out.values(), a.values(), b.values());
    return out;
  };

  const scalarTensor = (value: number): CpuTensor => {
    const out = allocate([1]);
    out.values()[0] = value;
    return out;
  };

  const denseForwardWasm = (
    definition: ActivationDefinition,
    x: CpuTensor,
    w: CpuTensor,
    bias: CpuTensor | undefined,
    params: Record<string, ParamValue>,
    call: ActivationCall,
    sizes: readonly [number, number, number],
    keep: boolean,
  ): DenseForwardResult<CpuTensor> => {
    if (runner === undefined || denseKernels === undefined) throw new Error('dense forward: no WebAssembly engine');
    const [batch, inputs, units] = sizes;
    const layout = channelLayout(batch * units, [batch, units], 1);
    const resolved = resolveParams(definition, params, layout);
    let perChannel = false;
    for (const name in resolved) perChannel ||= resolved[name]?.kind === 'channel';
    const training = call.training === true;
    const key = seedKey(call.seed === undefined ? 0 : checkSeed(call.seed));
    const found = denseKernels.lookup(definition, resolved, training, perChannel);
    const values = found.slotValues ?? slotValues(found.slots, resolved, units);
    const output = allocate([batch, units]);
    const pre = keep ? allocate([batch, units]) : undefined;
    runner.run(found.compiled, {
      a: x.pointer,
      b: w.pointer,
      c: output.pointer,
      m: batch,
      k: inputs,
      n: units,
      transposeA: false,
      transposeB: false,
      bias: bias === undefined ? undefined : { pointer: bias.pointer, length: units },
      pre: pre?.pointer,
      slotValues: values,
      scalarSlots: found.slots.scalar.size,
      key: key | 0,
    });
    return { output, preActivation: pre };
  };

  const ops: CpuTrainingOps = {
    tensor(data, shape) {
      if (!(data instanceof Float32Array)) throw new RectifyError('INVALID_DTYPE', 'tensor() takes a Float32Array.');
      const size = checkShape(shape);
      if (size !== data.length) throw new RectifyError('SHAPE_MISMATCH', `tensor(): shape [${shape.join(', ')}] holds ${size} elements but the data has ${data.length}.`, { shape, length: data.length });
      const tensor = allocate(shape);
      tensor.values().set(data);
      return tensor;
    },
    zeros(shape) {
      return memory.allocate(shape, true);
    },
    fill(shape, value) {
      if (typeof value !== 'number') throw new RectifyError('INVALID_OPTION', `fill(): value must be a number, got ${typeof value}.`);
      checkShape(shape);
      const tensor = allocate(shape);
      tensor.values().fill(value);
      return tensor;
    },
    read(tensor) {
      try {
        return Promise.resolve(Float32Array.from(memory.open(tensor, 'read(): tensor')));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    dispose(tensor) {
      memory.release(tensor);
    },

    matmul(a, b, options = {}) {
      memory.check(a, 'matmul: a');
      memory.check(b, 'matmul: b');
      const [m, k, n] = checkMatmulShapes(a.shape, b.shape, options);
      const transposeA = options.transposeA === true;
      const transposeB = options.transposeB === true;
      const out = allocate([m, n]);
      if (runner === undefined) {
        matmulInto(out.values(), a.values(), b.values(), m, k, n, transposeA, transposeB);
      } else if (k === 0) {
        out.values().fill(0);
      } else {
        runner.run(runner.plainKernel(transposeA), { a: a.pointer, b: b.pointer, c: out.pointer, m, k, n, transposeA, transposeB });
      }
      return out;
    },
    denseForward(x, w, bias, activation, options = {}) {
      memory.check(x, 'denseForward: x');
      memory.check(w, 'denseForward: w');
      if (bias !== undefined) check(bias, 'denseForward: bias');
      const sizes = checkDenseShapes(x.shape, w.shape, bias?.shape);
      const [batch, inputs, units] = sizes;
      checkActivation(activation);
      const definition = registry.get(activation.id);
      const params = activationParams(activation);
      const keep = options.keepPreActivation === true;
      if (runner !== undefined && inputs > 0) return denseForwardWasm(definition, x, w, bias, params, activation, sizes, keep);
      // Interpreter (or no inputs): x · w + bias with TypeScript loops, then the activation through the engine.
      const preValues = new Float32Array(batch * units);
      const output = allocate([batch, units]);
      matmulInto(preValues, x.values(), w.values(), batch, inputs, units, false, false, bias?.values());
      try {
        context.forward(activation.id, preValues, params, activationCallOptions(activation, [batch, units], output.values()));
      } catch (error) {
        memory.release(output);
        throw error;
      }
      if (!keep) return { output, preActivation: undefined };
      const pre = allocate([batch, units]);
      pre.values().set(preValues);
      return { output, preActivation: pre };
    },
    activationForward(input, activation) {
      check(input, 'activationForward: input');
      checkActivation(activation);
      const output = allocate(input.shape);
      try {
        context.forward(activation.id, input.values(), activationParams(activation), activationCallOptions(activation, input.shape, output.values()));
      } catch (error) {
        memory.release(output);
        throw error;
      }
      return output;
    },
    activationBackward(input, gradOutput, activation): ActivationBackwardResult<CpuTensor> {
      check(input, 'activationBackward: input');
      check(gradOutput, 'activationBackward: gradOutput');
      checkSameShape('activationBackward', input.shape, gradOutput.shape);
      checkActivation(activation);
      const definition = registry.get(activation.id);
      const gradInput = allocate(input.shape);
      let result: BackwardResult;
      try {
        result = context.backward(activation.id, input.values(), gradOutput.values(), activationParams(activation), backwardCallOptions(activation, input.shape, gradInput.values()));
      } catch (error) {
        memory.release(gradInput);
        throw error;
      }
      const gradParams: Record<string, CpuTensor> = {};
      for (const name of analyze(definition).learnableParams) {
        const value = result.gradParams[name];
        if (value === undefined) continue;
        if (typeof value === 'number') {
          gradParams[name] = scalarTensor(value);
        } else {
          const tensor = allocate([value.length]);
          tensor.values().set(value);
          gradParams[name] = tensor;
        }
      }
      return { gradInput, gradParams };
    },

    add: (a, b) => elementwise(a, b, 'add', addInto),
    sub: (a, b) => elementwise(a, b, 'sub', subInto),
    mul: (a, b) => elementwise(a, b, 'mul', mulInto),
    scale(a, factor) {
      check(a, 'scale: a');
      const single = Math.fround(checkFiniteNumber('scale: factor', factor));
      const out = allocate(a.shape);
      scaleInto(out.values(), a.values(), single);
      return out;
    },
    clip(a, min, max) {
      check(a, 'clip: a');
      checkClipRange(min, max);
      const out = allocate(a.shape);
      clipInto(out.values(), a.values(), Math.fround(min), Math.fround(max));
      return out;
    },
    sumRows(a) {
      check(a, 'sumRows: a');
      const [rows, cols] = checkMatrix('sumRows: a', a.shape);
      const out = allocate([cols]);
      sumRowsInto(out.values(), a.values(), rows, cols);
      return out;
    },
    sum: (a) => scalarTensor(sumOf(memory.open(a, 'sum: a'))),
    sumSquares: (a) => scalarTensor(sumOfSquares(memory.open(a, 'sumSquares: a'))),
    argmax(a) {
      check(a, 'argmax: a');
      const [rows, cols] = checkMatrix('argmax: a', a.shape);
      if (cols === 0) throw new RectifyError('SHAPE_MISMATCH', 'argmax: rows must have at least one column.');
      const out = allocate([rows]);
      argmaxRowsInto(out.values(), a.values(), rows, cols);
      return out;
    },
    gatherRows(a, indices) {
      check(a, 'gatherRows: a');
      const rows = a.shape[0];
      if (rows === undefined) throw new RectifyError('SHAPE_MISMATCH', 'gatherRows: a must have at least one axis.');
      const checked = checkRowIndices(indices, rows);
      const rowSize = rows === 0 ? 0 : a.size / rows;
      const out = allocate([checked.length, ...a.shape.slice(1)]);
      const target = out.values();
      const values = a.values();
      for (let position = 0; position < checked.length; position++) {
        const row = checked[position] ?? 0;
        target.set(values.subarray(row * rowSize, (row + 1) * rowSize), position * rowSize);
      }
      return out;
    },

    softmaxCrossEntropy(logits, labels) {
      check(logits, 'softmaxCrossEntropy: logits');
      check(labels, 'softmaxCrossEntropy: labels');
      const [batch, classes] = checkSoftmaxCrossEntropyShapes(logits.shape, labels.shape);
      checkLabels(labels.values(), classes);
      const grad = allocate(logits.shape);
      const loss = softmaxCrossEntropyInto(grad.values(), logits.values(), labels.values(), batch, classes);
      return { loss: scalarTensor(loss), grad };
    },
    meanSquaredError(predictions, targets) {
      check(predictions, 'meanSquaredError: predictions');
      check(targets, 'meanSquaredError: targets');
      checkSameShape('meanSquaredError', predictions.shape, targets.shape);
      if (predictions.size === 0) throw new RectifyError('SHAPE_MISMATCH', 'meanSquaredError: predictions are empty.');
      const grad = allocate(predictions.shape);
      const loss = meanSquaredErrorInto(grad.values(), predictions.values(), targets.values());
      return { loss: scalarTensor(loss), grad };
    },
    dropout(a, rate, seed) {
      check(a, 'dropout: a');
      checkDropoutRate(rate);
      checkSeed(seed);
      const output = allocate(a.shape);
      const mask = allocate(a.shape);
      dropoutInto(output.values(), mask.values(), a.values(), rate, seed);
      return { output, mask };
    },

    optimizerStep(kind, param, grad, state, hyper) {
      memory.check(param, 'optimizerStep: param');
      memory.check(grad, 'optimizerStep: grad');
      const optimizer = resolveOptimizer(kind, hyper);
      checkSameShape('optimizerStep: grad', param.shape, grad.shape);
      const stateList: unknown = state;
      if (!Array.isArray(stateList) || stateList.length !== optimizer.stateCount) {
        throw new RectifyError('INVALID_OPTION', `optimizerStep: '${optimizer.kind}' keeps ${optimizer.stateCount} state tensor(s), got ${Array.isArray(stateList) ? stateList.length : 'none'}.`);
      }
      state.forEach((tensor, index) => {
        memory.check(tensor, `optimizerStep: state[${index}]`);
        checkSameShape(`optimizerStep: state[${index}]`, param.shape, tensor.shape);
      });
      const tensors: unknown[] = [param, grad, ...state];
      if (new Set(tensors).size !== tensors.length) throw new RectifyError('INVALID_OPTION', 'optimizerStep: param, grad and state must be distinct tensors.');
      const factors = optimizerFactors(optimizer);
      if (arena === undefined) {
        optimizerStepInPlace(optimizer, factors, param.values(), grad.values(), state[0]?.values(), state[1]?.values());
        return;
      }
      const kernels = optimizerKernelsFor(arena);
      arena.heapFloat32.set(optimizerHyperValues(optimizer, factors), kernels.hyper / 4);
      const name: OptimizerKernelName = optimizer.kind === 'adamw' ? 'adam' : optimizer.kind;
      kernels.run(name, optimizer.l1 !== 0 || optimizer.l2 !== 0)(param.pointer, grad.pointer, state[0]?.pointer ?? 0, state[1]?.pointer ?? 0, param.size, kernels.hyper);
    },
  };

  return {
    ops,
    liveTensors: () => memory.live,
    denseKernelsCompiled: () => denseKernels?.compiled ?? 0,
  };
}

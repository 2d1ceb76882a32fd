import { analyze } from '../analysis/analyze.js';
import type { ActivationBackwardResult, ActivationCall, DeviceTensor, DenseForwardResult, TrainingBackend } from '../backend/training-ops.js';
import {
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
  optimizerFactors,
  resolveOptimizer,
} from '../backend/validate-training-call.js';
import { checkParamGradients } from '../backend/validate-call.js';
import { builtinActivations } from '../builtins/index.js';
import type { ParamValue } from '../definition/param-spec.js';
import { RectifyError } from '../errors.js';
import type { Registry } from '../registry/registry.js';
import { createRegistry } from '../registry/registry.js';
import type { ReferenceOptions } from './evaluate.js';
import { referenceBackward, referenceForward } from './evaluate.js';
import { createReferenceBackend } from './reference-backend.js';
import {
  addBiasRows,
  argmaxRows,
  dropoutMask,
  matmulFloat64,
  meanSquaredErrorFloat64,
  optimizerStepFloat64,
  softmaxCrossEntropyFloat64,
  sumRowsFloat64,
} from './training-math.js';

/** A tensor of the reference backend: float32 values in an ordinary array. */
export class ReferenceTensor implements DeviceTensor {
  readonly shape: readonly number[];
  readonly size: number;
  #data: Float32Array | undefined;

  /** @internal Made by the backend only; `data` becomes the tensor's storage. */
  constructor(readonly owner: object, data: Float32Array, shape: readonly number[]) {
    this.shape = Object.freeze([...shape]);
    this.size = data.length;
    this.#data = data;
  }

  get disposed(): boolean {
    return this.#data === undefined;
  }

  /** @internal The storage; throws once disposed. */
  data(what: string): Float32Array {
    if (this.#data === undefined) throw new RectifyError('INVALID_OPTION', `${what} was disposed.`, { what });
    return this.#data;
  }

  /** @internal */
  release(): void {
    this.#data = undefined;
  }
}

export interface ReferenceTrainingBackendOptions {
  /** Definitions to run; defaults to a registry holding the built-ins. */
  readonly registry?: Registry;
}

export type ReferenceTrainingBackend = TrainingBackend<ReferenceTensor>;

const round = (values: ArrayLike<number>): Float32Array => Float32Array.from(values);

/**
 * The oracle for training ops: tensors hold float32 values, every op computes in float64 and rounds
 * its results to float32 once (a dense layer rounds `x · w + bias` once, then applies the activation
 * to that float32 pre-activation, as every backend does). Slow; meant for tests.
 */
export function createReferenceTrainingBackend(options: ReferenceTrainingBackendOptions = {}): ReferenceTrainingBackend {
  const registry = options.registry ?? createRegistry({ activations: builtinActivations });
  const arrays = createReferenceBackend(registry);
  const owner = {};

  const make = (data: Float32Array, shape: readonly number[]): ReferenceTensor => new ReferenceTensor(owner, data, shape);

  /** The storage of a tensor of this backend, or a RectifyError naming the problem. */
  const open = (tensor: unknown, what: string): Float32Array => {
    if (!(tensor instanceof ReferenceTensor) || tensor.owner !== owner) {
      throw new RectifyError('INVALID_OPTION', `${what} is not a tensor of this backend; read() it from its own backend and make a tensor here.`, { what });
    }
    return tensor.data(what);
  };

  /** Parameter values for the reference evaluator: tensors become their values (one value: a scalar). */
  const activationParams = (call: ActivationCall): Record<string, ParamValue> => {
    const values: Record<string, ParamValue> = {};
    for (const [name, value] of Object.entries(call.params ?? {})) {
      if (typeof value === 'object' && !ArrayBuffer.isView(value) && !Array.isArray(value)) {
        const data = open(value, `parameter "${name}"`);
        values[name] = data.length === 1 ? (data[0] ?? Number.NaN) : data;
      } else {
        values[name] = value as ParamValue;
      }
    }
    return values;
  };

  const activationOptions = (call: ActivationCall, shape: readonly number[]): ReferenceOptions => {
    if (typeof call !== 'object' || typeof call.id !== 'string') throw new RectifyError('INVALID_OPTION', 'activation must be an object with an id.');
    return {
      shape,
      float32Uniforms: true,
      ...(call.training === undefined ? {} : { training: call.training }),
      ...(call.seed === undefined ? {} : { seed: checkSeed(call.seed) }),
    };
  };

  const elementwise = (a: ReferenceTensor, b: ReferenceTensor, what: string, f: (u: number, v: number) => number): ReferenceTensor => {
    const left = open(a, `${what}: a`);
    const right = open(b, `${what}: b`);
    checkSameShape(what, a.shape, b.shape);
    return make(Float32Array.from(left, (value, index) => f(value, right[index] ?? 0)), a.shape);
  };

  const backend: ReferenceTrainingBackend = {
    name: 'reference',
    registry,
    forward: (id, input, params, forwardOptions) => arrays.forward(id, input, params, forwardOptions),
    backward: (id, input, gradOutput, params, backwardOptions) => arrays.backward(id, input, gradOutput, params, backwardOptions),

    tensor(data, shape) {
      if (!(data instanceof Float32Array)) throw new RectifyError('INVALID_DTYPE', 'tensor() takes a Float32Array.');
      const size = checkShape(shape);
      if (size !== data.length) throw new RectifyError('SHAPE_MISMATCH', `tensor(): shape [${shape.join(', ')}] holds ${size} elements but the data has ${data.length}.`, { shape, length: data.length });
      return make(Float32Array.from(data), shape);
    },
    zeros(shape) {
      return make(new Float32Array(checkShape(shape)), shape);
    },
    fill(shape, value) {
      if (typeof value !== 'number') throw new RectifyError('INVALID_OPTION', `fill(): value must be a number, got ${typeof value}.`);
      return make(new Float32Array(checkShape(shape)).fill(value), shape);
    },
    read(tensor) {
      try {
        return Promise.resolve(Float32Array.from(open(tensor, 'read(): tensor')));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    dispose(tensor) {
      open(tensor, 'dispose(): tensor');
      tensor.release();
    },

    matmul(a, b, matmulOptions = {}) {
      const left = open(a, 'matmul: a');
      const right = open(b, 'matmul: b');
      const [m, k, n] = checkMatmulShapes(a.shape, b.shape, matmulOptions);
      return make(round(matmulFloat64(left, right, m, k, n, matmulOptions.transposeA === true, matmulOptions.transposeB === true)), [m, n]);
    },
    denseForward(x, w, bias, activation, denseOptions = {}): DenseForwardResult<ReferenceTensor> {
      const input = open(x, 'denseForward: x');
      const weights = open(w, 'denseForward: w');
      const biasValues = bias === undefined ? undefined : open(bias, 'denseForward: bias');
      const [batch, inputs, units] = checkDenseShapes(x.shape, w.shape, bias?.shape);
      const definition = registry.get(activation.id);
      const params = activationParams(activation);
      const referenceOptions = activationOptions(activation, [batch, units]);
      const sums = matmulFloat64(input, weights, batch, inputs, units, false, false);
      if (biasValues !== undefined) addBiasRows(sums, biasValues, units);
      const preActivation = round(sums);
      const output = round(referenceForward(definition, preActivation, params, referenceOptions));
      return { output: make(output, [batch, units]), preActivation: denseOptions.keepPreActivation === true ? make(preActivation, [batch, units]) : undefined };
    },
    activationForward(input, activation) {
      const values = open(input, 'activationForward: input');
      const definition = registry.get(activation.id);
      return make(round(referenceForward(definition, values, activationParams(activation), activationOptions(activation, input.shape))), input.shape);
    },
    activationBackward(input, gradOutput, activation): ActivationBackwardResult<ReferenceTensor> {
      const values = open(input, 'activationBackward: input');
      const upstream = open(gradOutput, 'activationBackward: gradOutput');
      checkSameShape('activationBackward', input.shape, gradOutput.shape);
      const definition = registry.get(activation.id);
      checkParamGradients(activation.paramGradients);
      const result = referenceBackward(definition, values, upstream, activationParams(activation), activationOptions(activation, input.shape));
      const gradParams: Record<string, ReferenceTensor> = {};
      for (const name of activation.paramGradients === false ? [] : analyze(definition).learnableParams) {
        const value = result.gradParams[name];
        if (value === undefined) continue;
        gradParams[name] = typeof value === 'number' ? make(Float32Array.of(value), [1]) : make(round(value), [value.length]);
      }
      return { gradInput: make(round(result.gradInput), input.shape), gradParams };
    },

    add: (a, b) => elementwise(a, b, 'add', (u, v) => u + v),
    sub: (a, b) => elementwise(a, b, 'sub', (u, v) => u - v),
    mul: (a, b) => elementwise(a, b, 'mul', (u, v) => u * v),
    scale(a, factor) {
      const values = open(a, 'scale: a');
      const single = Math.fround(checkFiniteNumber('scale: factor', factor));
      return make(Float32Array.from(values, (value) => value * single), a.shape);
    },
    clip(a, min, max) {
      const values = open(a, 'clip: a');
      checkClipRange(min, max);
      return make(Float32Array.from(values, (value) => Math.min(Math.max(value, min), max)), a.shape);
    },
    sumRows(a) {
      const values = open(a, 'sumRows: a');
      const [rows, cols] = checkMatrix('sumRows: a', a.shape);
      return make(round(sumRowsFloat64(values, rows, cols)), [cols]);
    },
    sum(a) {
      const values = open(a, 'sum: a');
      return make(Float32Array.of(values.reduce((total, value) => total + value, 0)), [1]);
    },
    sumSquares(a) {
      const values = open(a, 'sumSquares: a');
      return make(Float32Array.of(values.reduce((total, value) => total + value * value, 0)), [1]);
    },
    argmax(a) {
      const values = open(a, 'argmax: a');
      const [rows, cols] = checkMatrix('argmax: a', a.shape);
      if (cols === 0) throw new RectifyError('SHAPE_MISMATCH', 'argmax: rows must have at least one column.');
      return make(argmaxRows(values, rows, cols), [rows]);
    },
    gatherRows(a, indices) {
      const values = open(a, 'gatherRows: a');
      const rows = a.shape[0];
      if (rows === undefined) throw new RectifyError('SHAPE_MISMATCH', 'gatherRows: a must have at least one axis.');
      const checked = checkRowIndices(indices, rows);
      const rowSize = rows === 0 ? 0 : a.size / rows;
      const result = new Float32Array(checked.length * rowSize);
      checked.forEach((row, position) => { result.set(values.subarray(row * rowSize, (row + 1) * rowSize), position * rowSize); });
      return make(result, [checked.length, ...a.shape.slice(1)]);
    },

    softmaxCrossEntropy(logits, labels) {
      const z = open(logits, 'softmaxCrossEntropy: logits');
      const classIndices = open(labels, 'softmaxCrossEntropy: labels');
      const [batch, classes] = checkSoftmaxCrossEntropyShapes(logits.shape, labels.shape);
      checkLabels(classIndices, classes);
      const { loss, grad } = softmaxCrossEntropyFloat64(z, classIndices, batch, classes);
      return { loss: make(Float32Array.of(loss), [1]), grad: make(round(grad), logits.shape) };
    },
    meanSquaredError(predictions, targets) {
      const p = open(predictions, 'meanSquaredError: predictions');
      const t = open(targets, 'meanSquaredError: targets');
      checkSameShape('meanSquaredError', predictions.shape, targets.shape);
      if (p.length === 0) throw new RectifyError('SHAPE_MISMATCH', 'meanSquaredError: predictions are empty.');
      const { loss, grad } = meanSquaredErrorFloat64(p, t);
      return { loss: make(Float32Array.of(loss), [1]), grad: make(round(grad), predictions.shape) };
    },
    dropout(a, rate, seed) {
      const values = open(a, 'dropout: a');
      checkDropoutRate(rate);
      checkSeed(seed);
      const mask = dropoutMask(values.length, rate, seed);
      return { output: make(Float32Array.from(values, (value, index) => value * (mask[index] ?? 0)), a.shape), mask: make(mask, a.shape) };
    },

    optimizerStep(kind, param, grad, state, hyper) {
      const weights = open(param, 'optimizerStep: param');
      const gradient = open(grad, 'optimizerStep: grad');
      const optimizer = resolveOptimizer(kind, hyper);
      checkSameShape('optimizerStep: grad', param.shape, grad.shape);
      const stateList: unknown = state;
      if (!Array.isArray(stateList) || stateList.length !== optimizer.stateCount) {
        throw new RectifyError('INVALID_OPTION', `optimizerStep: '${optimizer.kind}' keeps ${optimizer.stateCount} state tensor(s), got ${Array.isArray(stateList) ? stateList.length : 'none'}.`);
      }
      const buffers = state.map((tensor, index) => {
        const data = open(tensor, `optimizerStep: state[${index}]`);
        checkSameShape(`optimizerStep: state[${index}]`, param.shape, tensor.shape);
        return data;
      });
      const tensors: unknown[] = [param, grad, ...state];
      if (new Set(tensors).size !== tensors.length) throw new RectifyError('INVALID_OPTION', 'optimizerStep: param, grad and state must be distinct tensors.');
      optimizerStepFloat64(optimizer, optimizerFactors(optimizer), weights, gradient, buffers);
    },
  };
  return backend;
}

import { RectifyError } from '../errors.js';
import type { MatmulOptions, OptimizerHyperparameters, OptimizerKind } from './training-ops.js';

/**
 * Argument checks every `TrainingBackend` shares, so all backends reject the same calls with the
 * same codes: shapes with SHAPE_MISMATCH, everything else (rates, seeds, hyper-parameters, labels,
 * indices) with INVALID_OPTION. They run before any tensor is touched.
 */

const describeShape = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

const describeValue = (value: unknown): string => (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' || value == null ? String(value) : typeof value === 'string' ? `"${value}"` : typeof value);

/** Checks a shape (non-negative integers) and returns its element count. */
export function checkShape(shape: unknown, what = 'shape'): number {
  if (!Array.isArray(shape) || !shape.every((size: unknown) => Number.isInteger(size) && (size as number) >= 0)) {
    throw new RectifyError('SHAPE_MISMATCH', `${what} ${JSON.stringify(shape)} must be an array of non-negative integers.`, { shape });
  }
  return (shape as number[]).reduce((total, size) => total * size, 1);
}

export function checkSameShape(what: string, a: readonly number[], b: readonly number[]): void {
  if (a.length !== b.length || a.some((size, axis) => size !== b[axis])) {
    throw new RectifyError('SHAPE_MISMATCH', `${what}: shapes ${describeShape(a)} and ${describeShape(b)} differ.`, { a, b });
  }
}

/** Rows and columns of a tensor that must be 2-D. */
export function checkMatrix(what: string, shape: readonly number[]): readonly [rows: number, cols: number] {
  if (shape.length !== 2) throw new RectifyError('SHAPE_MISMATCH', `${what} must be 2-D, got shape ${describeShape(shape)}.`, { shape });
  return [shape[0] ?? 0, shape[1] ?? 0];
}

/** `[m, k, n]` of `op(a) · op(b)`, where op transposes when asked. */
export function checkMatmulShapes(aShape: readonly number[], bShape: readonly number[], options: MatmulOptions = {}): readonly [m: number, k: number, n: number] {
  const [aRows, aCols] = checkMatrix('matmul: a', aShape);
  const [bRows, bCols] = checkMatrix('matmul: b', bShape);
  const [m, k] = options.transposeA === true ? [aCols, aRows] : [aRows, aCols];
  const [k2, n] = options.transposeB === true ? [bCols, bRows] : [bRows, bCols];
  if (k !== k2) {
    throw new RectifyError('SHAPE_MISMATCH', `matmul: inner sizes differ (a gives ${k}, b gives ${k2}) for shapes ${describeShape(aShape)}${options.transposeA === true ? 'ᵀ' : ''} · ${describeShape(bShape)}${options.transposeB === true ? 'ᵀ' : ''}.`, { aShape, bShape, ...options });
  }
  return [m, k, n];
}

/** `[batch, inputs, units]` of a dense layer `x: [batch, inputs]`, `w: [inputs, units]`, `bias: [units]`. */
export function checkDenseShapes(xShape: readonly number[], wShape: readonly number[], biasShape: readonly number[] | undefined): readonly [batch: number, inputs: number, units: number] {
  const [batch, inputs] = checkMatrix('denseForward: x', xShape);
  const [wRows, units] = checkMatrix('denseForward: w', wShape);
  if (wRows !== inputs) {
    throw new RectifyError('SHAPE_MISMATCH', `denseForward: x has ${inputs} features per row but w has ${wRows} rows (shapes ${describeShape(xShape)} and ${describeShape(wShape)}).`, { xShape, wShape });
  }
  if (biasShape !== undefined && (biasShape.length !== 1 || biasShape[0] !== units)) {
    throw new RectifyError('SHAPE_MISMATCH', `denseForward: bias must have shape [${units}], got ${describeShape(biasShape)}.`, { biasShape, units });
  }
  return [batch, inputs, units];
}

export function checkFiniteNumber(what: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RectifyError('INVALID_OPTION', `${what} must be a finite number, got ${describeValue(value)}.`, { what, value });
  }
  return value;
}

export function checkClipRange(min: unknown, max: unknown): void {
  const low = typeof min === 'number' && !Number.isNaN(min) ? min : Number.NaN;
  const high = typeof max === 'number' && !Number.isNaN(max) ? max : Number.NaN;
  if (!(low <= high)) throw new RectifyError('INVALID_OPTION', `clip: min (${describeValue(min)}) must be a number no larger than max (${describeValue(max)}).`, { min, max });
}

export function checkSeed(seed: unknown): number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) throw new RectifyError('INVALID_OPTION', `seed must be an integer, got ${describeValue(seed)}.`, { seed });
  return seed;
}

export function checkDropoutRate(rate: unknown): number {
  if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
    throw new RectifyError('INVALID_OPTION', `dropout rate must be in [0, 1), got ${describeValue(rate)}.`, { rate });
  }
  return rate;
}

/**
 * The integer form of the dropout rule: element `i` is kept iff
 * `mix32((i ^ seedKey(seed)) >>> 0) >>> 8 >= dropoutThreshold(rate)`, which is exactly
 * `uniformAt(seedKey(seed), i) >= rate` without float32 rounding of `rate` on the device.
 */
export const dropoutThreshold = (rate: number): number => Math.ceil(rate * 16777216);

/** The factor survivors of dropout are multiplied by, rounded to float32 once so every backend uses the same value. */
export const dropoutScale = (rate: number): number => Math.fround(1 / (1 - rate));

/** Checks row indices for `gatherRows` against the number of rows. */
export function checkRowIndices(indices: unknown, rows: number): Int32Array {
  if (!(indices instanceof Int32Array)) throw new RectifyError('INVALID_DTYPE', 'gatherRows: indices must be an Int32Array.');
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i] ?? -1;
    if (index < 0 || index >= rows) {
      throw new RectifyError('INVALID_OPTION', `gatherRows: index ${index} at position ${i} is outside [0, ${rows}).`, { index, position: i, rows });
    }
  }
  return indices;
}

/** Checks class labels (float32 class indices) read from a tensor against the number of classes. */
export function checkLabels(labels: ArrayLike<number>, classes: number): void {
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] ?? Number.NaN;
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new RectifyError('INVALID_OPTION', `Label ${label} at row ${i} is not a class index in [0, ${classes}).`, { label, row: i, classes });
    }
  }
}

/** `[batch, classes]` of a softmax cross-entropy call; labels must have shape `[batch]`. */
export function checkSoftmaxCrossEntropyShapes(logitsShape: readonly number[], labelsShape: readonly number[]): readonly [batch: number, classes: number] {
  const [batch, classes] = checkMatrix('softmaxCrossEntropy: logits', logitsShape);
  if (batch === 0 || classes === 0) throw new RectifyError('SHAPE_MISMATCH', `softmaxCrossEntropy: logits ${describeShape(logitsShape)} must have at least one row and one class.`, { logitsShape });
  if (labelsShape.length !== 1 || labelsShape[0] !== batch) {
    throw new RectifyError('SHAPE_MISMATCH', `softmaxCrossEntropy: labels must have shape [${batch}] (one class index per row), got ${describeShape(labelsShape)}.`, { labelsShape, batch });
  }
  return [batch, classes];
}

/** Hyper-parameters with defaults filled in and checked. */
export interface ResolvedOptimizer {
  readonly kind: OptimizerKind;
  readonly learningRate: number;
  readonly momentum: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly step: number;
  readonly l1: number;
  readonly l2: number;
  readonly weightDecay: number;
  /** State tensors the kind keeps: 0 for 'sgd', 1 for 'momentum' and 'nesterov', 2 for 'adam' and 'adamw'. */
  readonly stateCount: number;
}

const stateCounts: Readonly<Record<OptimizerKind, number>> = { sgd: 0, momentum: 1, nesterov: 1, adam: 2, adamw: 2 };

export const optimizerStateCount = (kind: OptimizerKind): number => stateCounts[kind];

function nonNegative(what: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RectifyError('INVALID_OPTION', `${what} must be a finite number >= 0, got ${describeValue(value)}.`, { what, value });
  }
  return value;
}

function unitInterval(what: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new RectifyError('INVALID_OPTION', `${what} must be in [0, 1), got ${describeValue(value)}.`, { what, value });
  }
  return value;
}

/**
 * Checks an optimiser step's kind and hyper-parameters and fills in defaults: momentum 0.9,
 * beta1 0.9, beta2 0.999, epsilon 1e-8, penalties 0, weightDecay 0 (0.01 for 'adamw', as PyTorch's
 * AdamW). Adam and AdamW need `step`, the 1-based count of steps taken including this one.
 */
export function resolveOptimizer(kind: unknown, hyper: unknown): ResolvedOptimizer {
  if (typeof kind !== 'string' || !Object.hasOwn(stateCounts, kind)) {
    throw new RectifyError('INVALID_OPTION', `Unknown optimiser ${describeValue(kind)}; expected one of ${Object.keys(stateCounts).join(', ')}.`, { kind });
  }
  const optimizer = kind as OptimizerKind;
  if (typeof hyper !== 'object' || hyper === null) throw new RectifyError('INVALID_OPTION', 'Optimiser hyper-parameters must be an object.');
  const given = hyper as { readonly [K in keyof OptimizerHyperparameters]?: unknown };
  if (given.learningRate === undefined) throw new RectifyError('INVALID_OPTION', 'learningRate is required.');
  const learningRate = nonNegative('learningRate', given.learningRate, 0);
  const momentum = nonNegative('momentum', given.momentum, 0.9);
  if (optimizer === 'nesterov' && momentum === 0) throw new RectifyError('INVALID_OPTION', 'Nesterov momentum needs momentum > 0.');
  const adam = optimizer === 'adam' || optimizer === 'adamw';
  let step = 1;
  if (adam) {
    if (typeof given.step !== 'number' || !Number.isSafeInteger(given.step) || given.step < 1) {
      throw new RectifyError('INVALID_OPTION', `${optimizer} needs step, the 1-based count of steps taken (for bias correction), got ${describeValue(given.step)}.`, { step: given.step });
    }
    step = given.step;
  }
  return {
    kind: optimizer,
    learningRate,
    momentum,
    beta1: unitInterval('beta1', given.beta1, 0.9),
    beta2: unitInterval('beta2', given.beta2, 0.999),
    epsilon: nonNegative('epsilon', given.epsilon, 1e-8),
    step,
    l1: nonNegative('l1', given.l1, 0),
    l2: nonNegative('l2', given.l2, 0),
    weightDecay: nonNegative('weightDecay', given.weightDecay, optimizer === 'adamw' ? 0.01 : 0),
    stateCount: stateCounts[optimizer],
  };
}

/** Per-step factors every backend derives from the hyper-parameters in float64 (then rounds to its working precision). */
export interface OptimizerFactors {
  /** `1 - learningRate * weightDecay`: the decoupled decay multiplier applied to the weight first. */
  readonly decay: number;
  /** Adam: `learningRate / (1 - beta1^step)`. SGD kinds: `learningRate`. */
  readonly stepSize: number;
  /** Adam: `sqrt(1 - beta2^step)`; 1 otherwise. */
  readonly biasCorrection2Sqrt: number;
}

export function optimizerFactors(optimizer: ResolvedOptimizer): OptimizerFactors {
  const adam = optimizer.kind === 'adam' || optimizer.kind === 'adamw';
  return {
    decay: 1 - optimizer.learningRate * optimizer.weightDecay,
    stepSize: adam ? optimizer.learningRate / (1 - optimizer.beta1 ** optimizer.step) : optimizer.learningRate,
    biasCorrection2Sqrt: adam ? Math.sqrt(1 - optimizer.beta2 ** optimizer.step) : 1,
  };
}

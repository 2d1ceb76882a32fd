import type { ParamValue } from '../definition/param-spec.js';
import type { ActivationId, Backend } from './types.js';

/**
 * A float32 tensor resident on one backend (WebAssembly memory on the CPU, a GPU buffer on
 * WebGPU). Row-major. Made and consumed only by the backend that owns it.
 */
export interface DeviceTensor {
  readonly shape: readonly number[];
  /** Number of elements: the product of `shape`. */
  readonly size: number;
  readonly disposed: boolean;
}

/** An activation applied by a training op: any registered id, with its parameters. */
export interface ActivationCall {
  readonly id: ActivationId;
  /**
   * Parameter values. A learnable per-channel parameter (PReLU's alpha) of a dense layer has one
   * value per unit (channel axis 1 of `[batch, units]`), given here as a tensor of shape `[units]`
   * so training keeps it on the device; scalars are numbers.
   */
  readonly params?: Readonly<Record<string, ParamValue | DeviceTensor>>;
  /** Training mode (RReLU draws slopes from `seed`). */
  readonly training?: boolean;
  readonly seed?: number;
  /** Backward only: compute the learnable parameters' gradients; true by default (see `BackwardOptions`). */
  readonly paramGradients?: boolean;
}

export interface MatmulOptions {
  readonly transposeA?: boolean;
  readonly transposeB?: boolean;
}

export interface DenseForwardResult<T extends DeviceTensor> {
  /** `activation(x · w + bias)`, shape `[batch, units]`. */
  readonly output: T;
  /** `x · w + bias` before the activation, kept for the backward pass when asked for. */
  readonly preActivation: T | undefined;
}

export interface ActivationBackwardResult<T extends DeviceTensor> {
  readonly gradInput: T;
  /** One tensor per learnable parameter: shape `[1]` for a scalar, `[units]` per channel; none when the call asked for none. */
  readonly gradParams: Readonly<Record<string, T>>;
}

export interface LossResult<T extends DeviceTensor> {
  /** Mean loss over the batch, shape `[1]`. */
  readonly loss: T;
  /** Gradient of the mean loss with respect to the logits or predictions. */
  readonly grad: T;
}

export interface DropoutResult<T extends DeviceTensor> {
  readonly output: T;
  /** 0 or 1 / (1 - rate) per element: the backward pass multiplies by it. */
  readonly mask: T;
}

export type OptimizerKind = 'sgd' | 'momentum' | 'nesterov' | 'adam' | 'adamw';

/**
 * Hyper-parameters of one optimiser step (PyTorch's formulas, dampening 0). With
 * `g = grad + l2 * w + l1 * sign(w)` (sign(0) = 0) and the weight first decayed as
 * `w <- (1 - learningRate * weightDecay) * w`:
 * - 'sgd': `w -= lr * g`
 * - 'momentum': `v = momentum * v + g; w -= lr * v`; 'nesterov': the same v, `w -= lr * (g + momentum * v)`
 * - 'adam'/'adamw': `m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g²;
 *   w -= lr / (1 - b1^step) * m / (sqrt(v) / sqrt(1 - b2^step) + epsilon)`
 * 'adam' and 'adamw' differ only in the default of `weightDecay`: 0 and 0.01 (PyTorch's AdamW).
 * Checked by `resolveOptimizer`; bad values throw INVALID_OPTION.
 */
export interface OptimizerHyperparameters {
  /** Finite and >= 0. */
  readonly learningRate: number;
  /** Momentum for 'momentum' and 'nesterov'; 0.9 by default. */
  readonly momentum?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
  /** 1-based step count including this step, for Adam's bias correction; required by 'adam' and 'adamw'. */
  readonly step?: number;
  /** Coupled L2 penalty: adds `l2 * w` to the gradient (as PyTorch's `weight_decay` for SGD/Adam). */
  readonly l2?: number;
  /** L1 penalty: adds `l1 * sign(w)` to the gradient. */
  readonly l1?: number;
  /** Decoupled weight decay (AdamW, and decoupled decay for the others): `w -= lr * weightDecay * w`; default 0, 0.01 for 'adamw'. */
  readonly weightDecay?: number;
}

/**
 * The tensor operations training needs. Operations return tensors at once: a CPU backend computes
 * before returning, a GPU backend enqueues the work. Only `read` waits. Every op checks shapes and
 * ownership and throws a `RectifyError` before touching any tensor: SHAPE_MISMATCH for shapes;
 * INVALID_OPTION for disposed tensors, tensors of another backend, rates, seeds, indices, labels
 * and hyper-parameters (the checks in `validate-training-call.ts`, shared by every backend).
 * Results are new tensors the caller disposes; no op broadcasts (shapes must match exactly).
 * `createReferenceTrainingBackend` computes each op in float64 and rounds once; the conformance
 * suite (`describeTrainingOpsConformance`) compares backends with it.
 */
export interface TrainingBackend<T extends DeviceTensor = DeviceTensor> extends Backend {
  /** Copies `data` to the device. */
  tensor(data: Float32Array, shape: readonly number[]): T;
  zeros(shape: readonly number[]): T;
  fill(shape: readonly number[], value: number): T;
  read(tensor: T): Promise<Float32Array>;
  dispose(tensor: T): void;

  matmul(a: T, b: T, options?: MatmulOptions): T;
  /**
   * `activation(x · w + bias)` for `x: [batch, in]`, `w: [in, units]`, `bias: [units]`, with the
   * activation's lowered expression inlined in the matmul's epilogue (any registered id). The
   * activation sees `x · w + bias` rounded to float32 (the pre-activation), as if applied separately.
   */
  denseForward(x: T, w: T, bias: T | undefined, activation: ActivationCall, options?: { readonly keepPreActivation?: boolean }): DenseForwardResult<T>;
  activationForward(input: T, activation: ActivationCall): T;
  /** Gradient through the activation at `input` (the pre-activation), per-channel parameter gradients reduced over every axis but 1. */
  activationBackward(input: T, gradOutput: T, activation: ActivationCall): ActivationBackwardResult<T>;

  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  /** `a * factor` with `factor` rounded to float32 first, so every backend rounds the same products. */
  scale(a: T, factor: number): T;
  /** Clamps every element into `[min, max]` (gradient clipping by value). */
  clip(a: T, min: number, max: number): T;
  /** Sum over rows of a `[rows, cols]` tensor: shape `[cols]` (bias gradients). */
  sumRows(a: T): T;
  /** Sum of every element, shape `[1]`. */
  sum(a: T): T;
  /** Sum of squares of every element, shape `[1]` (norms). */
  sumSquares(a: T): T;
  /** Index of the largest value in each row of `[rows, cols]`, as float32, shape `[rows]`; the first on ties; NaN counts as largest. */
  argmax(a: T): T;
  /** Rows (first axis) of `a` picked by `indices`, shape `[indices.length, ...rest]` (batches formed on the device). */
  gatherRows(a: T, indices: Int32Array): T;

  /**
   * Softmax cross-entropy over logits `[batch, classes]` with class indices `[batch]` (float32),
   * log-sum-exp stabilised: loss `mean(logSumExp(z) - z[label])`, grad `(softmax(z) - onehot) / batch`.
   * Labels that are not integers in [0, classes) throw INVALID_OPTION where the backend can see them
   * synchronously (CPU); a GPU backend may instead return a NaN loss.
   */
  softmaxCrossEntropy(logits: T, labels: T): LossResult<T>;
  /** Mean over every element of `(p - t)^2` (PyTorch's `mse_loss`), grad `2 (p - t) / size`. */
  meanSquaredError(predictions: T, targets: T): LossResult<T>;
  /**
   * Inverted dropout, `rate` in [0, 1), integer `seed`. Element i (flat index) is kept iff
   * `uniformAt(seedKey(seed), i) >= rate` in float64, i.e. `mix32((i ^ seedKey(seed)) >>> 0) >>> 8 >=
   * dropoutThreshold(rate)` in integers; the mask holds `dropoutScale(rate)` (1 / (1 - rate) rounded
   * to float32) or 0, and `output = a * mask` in float32. So every backend gives the identical mask.
   */
  dropout(a: T, rate: number, seed: number): DropoutResult<T>;

  /**
   * One optimiser step in place on `param` and its `state` tensors (none for 'sgd', one velocity for
   * 'momentum'/'nesterov', first and second moments for 'adam'/'adamw'), all shaped as `param`.
   */
  optimizerStep(kind: OptimizerKind, param: T, grad: T, state: readonly T[], hyper: OptimizerHyperparameters): void;
}

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
  /** One tensor per learnable parameter: shape `[1]` for a scalar, `[units]` per channel. */
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

export interface OptimizerHyperparameters {
  readonly learningRate: number;
  /** Momentum for 'momentum' and 'nesterov'; 0.9 by default. */
  readonly momentum?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
  /** 1-based step count, for Adam's bias correction. */
  readonly step?: number;
  /** Coupled L2 penalty: adds `l2 * w` to the gradient (as PyTorch's `weight_decay` for SGD/Adam). */
  readonly l2?: number;
  /** L1 penalty: adds `l1 * sign(w)` to the gradient. */
  readonly l1?: number;
  /** Decoupled weight decay (AdamW, and decoupled decay for the others): `w -= lr * weightDecay * w`. */
  readonly weightDecay?: number;
}

/**
 * The tensor operations training needs. Operations return tensors at once: a CPU backend computes
 * before returning, a GPU backend enqueues the work. Only `read` waits. Every op checks shapes and
 * ownership and throws a `RectifyError` before touching any tensor.
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
   * activation's lowered expression inlined in the matmul's epilogue (any registered id).
   */
  denseForward(x: T, w: T, bias: T | undefined, activation: ActivationCall, options?: { readonly keepPreActivation?: boolean }): DenseForwardResult<T>;
  activationForward(input: T, activation: ActivationCall): T;
  /** Gradient through the activation at `input` (the pre-activation), per-channel parameter gradients reduced over every axis but 1. */
  activationBackward(input: T, gradOutput: T, activation: ActivationCall): ActivationBackwardResult<T>;

  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  scale(a: T, factor: number): T;
  /** Clamps every element into `[min, max]` (gradient clipping by value). */
  clip(a: T, min: number, max: number): T;
  /** Sum over rows of a `[rows, cols]` tensor: shape `[cols]` (bias gradients). */
  sumRows(a: T): T;
  /** Sum of every element, shape `[1]`. */
  sum(a: T): T;
  /** Sum of squares of every element, shape `[1]` (norms). */
  sumSquares(a: T): T;
  /** Index of the largest value in each row of `[rows, cols]`, as float32, shape `[rows]`. */
  argmax(a: T): T;
  /** Rows of `a` picked by `indices` (batches formed on the device). */
  gatherRows(a: T, indices: Int32Array): T;

  /** Softmax cross-entropy over logits `[batch, classes]` with class indices `[batch]` (float32), log-sum-exp stabilised. */
  softmaxCrossEntropy(logits: T, labels: T): LossResult<T>;
  meanSquaredError(predictions: T, targets: T): LossResult<T>;
  /** Inverted dropout: elements zeroed with probability `rate`, survivors scaled by 1 / (1 - rate); same seed, same mask. */
  dropout(a: T, rate: number, seed: number): DropoutResult<T>;

  /**
   * One optimiser step in place on `param` and its `state` tensors (none for 'sgd', one velocity for
   * 'momentum'/'nesterov', first and second moments for 'adam'/'adamw'), all shaped as `param`.
   */
  optimizerStep(kind: OptimizerKind, param: T, grad: T, state: readonly T[], hyper: OptimizerHyperparameters): void;
}

import type { ActivationMap } from '../index.js';
import type { ParamValue } from '../definition/param-spec.js';
import type { Registry } from '../registry/registry.js';

/** Parameters accepted for `Id`: typed for ids in `ActivationMap`, any name: value otherwise. */
export type ParamsArg<Id extends string> = Id extends keyof ActivationMap ? ActivationMap[Id] : Readonly<Record<string, ParamValue>>;

/** An id known at compile time, or any string for definitions registered at run time. */
export type ActivationId = keyof ActivationMap | (string & {});

export interface ForwardOptions {
  /** Write into this buffer (at least as long as the input) instead of allocating. */
  readonly out?: Float32Array;
  /** Overwrite the input. Not allowed together with `out`. */
  readonly inPlace?: boolean;
  /** The input's shape, needed for per-channel parameters. */
  readonly shape?: readonly number[];
  /** Channel axis for per-channel parameters; 1 by default, as in PyTorch. */
  readonly channelAxis?: number;
  /** Training mode (RReLU draws random slopes); false by default. */
  readonly training?: boolean;
  /** Seed for training-mode draws; forward and backward with the same seed see the same draws. */
  readonly seed?: number;
}

export interface BackwardOptions {
  /** Write the input gradient into this buffer instead of allocating. */
  readonly out?: Float32Array;
  /** Overwrite `gradOutput` with the input gradient. Not allowed together with `out`. */
  readonly inPlace?: boolean;
  readonly shape?: readonly number[];
  readonly channelAxis?: number;
  readonly training?: boolean;
  readonly seed?: number;
  /**
   * The forward result for `input` with the same parameters, as saved from the forward pass. A
   * definition whose derivative is written in terms of the output (ELU's `y + alpha` for x <= 0,
   * as PyTorch's backward from the result) then reads it instead of recomputing the forward
   * expression; other definitions do not read it. A separate array of the input's length.
   */
  readonly output?: Float32Array;
  /**
   * Compute the gradients of learnable parameters (PReLU's alpha); true by default.
   * False skips them, as PyTorch does for a parameter with `requires_grad` off: `gradParams` is then
   * empty and the kernel computes df/dx alone.
   */
  readonly paramGradients?: boolean;
}

export interface BackwardResult {
  readonly gradInput: Float32Array;
  /**
   * One entry per learnable parameter: a number, or one value per channel when the parameter was
   * given per channel. Empty when the call asked for no parameter gradients.
   */
  readonly gradParams: Readonly<Record<string, number | Float32Array>>;
}

type MaybePromise<T> = T | Promise<T>;

/**
 * What every backend offers at array level. CPU backends answer synchronously; GPU backends return
 * promises. Backends hold a registry and compile lazily on first use of an id, so definitions
 * registered after the backend was created work too.
 */
export interface Backend {
  readonly name: string;
  readonly registry: Registry;
  forward<Id extends ActivationId>(id: Id, input: Float32Array, params?: ParamsArg<Id>, options?: ForwardOptions): MaybePromise<Float32Array>;
  backward<Id extends ActivationId>(
    id: Id,
    input: Float32Array,
    gradOutput: Float32Array,
    params?: ParamsArg<Id>,
    options?: BackwardOptions,
  ): MaybePromise<BackwardResult>;
}

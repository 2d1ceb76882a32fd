import type { DeviceTensor, TrainingBackend } from '@rectify/activation-core';

/** What a parameter is, for weight decay defaults and diagnostics. */
export type ParameterRole = 'weights' | 'bias' | 'activation';

/** A tensor the optimiser updates, with its optimiser state. */
export interface TrainableParameter<T extends DeviceTensor> {
  /** Unique within the model, e.g. `layers.0.weights`. */
  readonly name: string;
  readonly role: ParameterRole;
  /** Layers read it at every use, so training can swap in another tensor of the same shape (restoring the best weights). */
  tensor: T;
  /** Optimiser state (velocity, moments), created by the optimiser on first use. */
  state: T[];
  /** Whether L1/L2 penalties and weight decay apply (not to biases or PReLU slopes by default). */
  decay: boolean;
}

export interface LayerContext<T extends DeviceTensor> {
  readonly backend: TrainingBackend<T>;
  /** Training mode: dropout drops, RReLU draws slopes. */
  readonly training: boolean;
  /** Seed for this step's random draws; each layer derives its own from it. */
  readonly seed: number;
  /** Whether a backward pass follows (layers then keep what it needs). */
  readonly forBackward: boolean;
}

export interface LayerGradients<T extends DeviceTensor> {
  /** Gradient with respect to the layer input; undefined when not asked for. */
  readonly gradInput: T | undefined;
  /** One gradient per entry of `parameters`, in that order. The caller disposes them. */
  readonly paramGrads: readonly T[];
}

/** One forward pass through a layer, holding what its backward pass needs until released. */
export interface LayerPass<T extends DeviceTensor> {
  /** The layer output; owned by the pass unless it is the input itself (an identity layer). */
  readonly output: T;
  /** `x · w + b` before the activation, for diagnostics; present when the layer applies an activation and kept it. */
  readonly preActivation: T | undefined;
  backward(gradOutput: T, needInputGradient: boolean): LayerGradients<T>;
  /** Frees every tensor the pass made except `output`. */
  release(): void;
}

/** What a layer writes to a saved model; `type` picks the layer kind that reads it back. */
export interface LayerSpecJSON {
  readonly type: string;
  readonly [key: string]: unknown;
}

/**
 * A layer of a sequential model. The training loop only uses this interface, so a new kind of layer
 * needs no change in the loop, the optimiser or the diagnostics.
 */
export interface Layer<T extends DeviceTensor> {
  readonly kind: string;
  /** Human-readable, e.g. `dense 784→128 + relu`. */
  readonly description: string;
  readonly inputUnits: number;
  readonly outputUnits: number;
  readonly parameters: readonly TrainableParameter<T>[];
  /** The activation id when the output is an activation's output (diagnostics look at these layers). */
  readonly activationId: string | undefined;
  forward(input: T, context: LayerContext<T>): LayerPass<T>;
  /** The layer specs this layer was built from (a fused layer gives two). */
  toSpecs(): readonly LayerSpecJSON[];
  dispose(): void;
}

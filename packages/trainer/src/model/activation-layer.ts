import type { DeviceTensor, TrainingBackend } from '@rectify/activation-core';
import type { ActivationBinding } from './activation-binding.js';
import type { Layer, LayerContext, LayerGradients, LayerPass, LayerSpecJSON, TrainableParameter } from './layer.js';

/** An activation on its own (when it does not follow a dense layer, e.g. after dropout). */
export class ActivationLayer<T extends DeviceTensor> implements Layer<T> {
  readonly kind = 'activation';
  readonly parameters: readonly TrainableParameter<T>[];

  constructor(
    private readonly backend: TrainingBackend<T>,
    private readonly activation: ActivationBinding<T>,
    readonly inputUnits: number,
  ) {
    this.parameters = activation.parameters;
  }

  get outputUnits(): number {
    return this.inputUnits;
  }

  get activationId(): string {
    return this.activation.id;
  }

  get description(): string {
    return `${this.activation.id} (${this.inputUnits})`;
  }

  forward(input: T, context: LayerContext<T>): LayerPass<T> {
    const { backend } = this;
    const call = this.activation.call(context.training, context.seed);
    const output = backend.activationForward(input, call);
    return {
      output,
      preActivation: input,
      backward: (gradOutput: T, needInputGradient: boolean): LayerGradients<T> => {
        const result = backend.activationBackward(input, gradOutput, call);
        const paramGrads = this.activation.orderGradients(result.gradParams, backend);
        if (!needInputGradient) backend.dispose(result.gradInput);
        return { gradInput: needInputGradient ? result.gradInput : undefined, paramGrads };
      },
      release: () => undefined,
    };
  }

  toSpecs(): readonly LayerSpecJSON[] {
    return [{ ...this.activation.spec }];
  }

  dispose(): void {
    this.activation.dispose(this.backend);
  }
}

import type { DeviceTensor, TrainingBackend } from '@rectify/activation-core';
import type { InitializerSpec } from '../init/initializers.js';
import type { ActivationBinding } from './activation-binding.js';
import type { Layer, LayerContext, LayerGradients, LayerPass, LayerSpecJSON, TrainableParameter } from './layer.js';

export interface DenseLayerSpec {
  readonly type: 'dense';
  readonly units: number;
  /** Weight initialiser; chosen from the following activation when absent (see buildModel). */
  readonly init?: InitializerSpec;
  /** Constant every bias starts at; 0 by default (0.01 keeps more ReLU units alive at the start). */
  readonly biasInit?: number;
}

/**
 * `activation(x · w + b)` with `w: [in, units]`. A dense layer followed by an activation layer is
 * built as one of these with the activation fused into the matmul epilogue (`denseForward`);
 * alone it uses `identity`.
 */
export class DenseLayer<T extends DeviceTensor> implements Layer<T> {
  readonly kind = 'dense';
  readonly parameters: readonly TrainableParameter<T>[];

  constructor(
    private readonly backend: TrainingBackend<T>,
    private readonly spec: DenseLayerSpec,
    readonly inputUnits: number,
    private readonly weights: TrainableParameter<T>,
    private readonly bias: TrainableParameter<T>,
    private readonly activation: ActivationBinding<T>,
    private readonly activationSpec: LayerSpecJSON | undefined,
  ) {
    this.parameters = [weights, bias, ...activation.parameters];
  }

  get outputUnits(): number {
    return this.spec.units;
  }

  get activationId(): string | undefined {
    return this.activationSpec === undefined ? undefined : this.activation.id;
  }

  get description(): string {
    return `dense ${this.inputUnits}→${this.spec.units}${this.activationSpec === undefined ? '' : ` + ${this.activation.id}`}`;
  }

  forward(input: T, context: LayerContext<T>): LayerPass<T> {
    const { backend } = this;
    const call = this.activation.call(context.training, context.seed);
    const keepPreActivation = !this.activation.isIdentity;
    const { output, preActivation } = backend.denseForward(input, this.weights.tensor, this.bias.tensor, call, { keepPreActivation });
    const release = (): void => {
      if (preActivation !== undefined && !preActivation.disposed) backend.dispose(preActivation);
    };
    return {
      output,
      preActivation,
      backward: (gradOutput: T, needInputGradient: boolean): LayerGradients<T> => {
        let gradPre = gradOutput;
        let activationGrads: T[] = [];
        if (preActivation !== undefined) {
          const result = backend.activationBackward(preActivation, gradOutput, call);
          gradPre = result.gradInput;
          activationGrads = this.activation.orderGradients(result.gradParams, backend);
        }
        const gradWeights = backend.matmul(input, gradPre, { transposeA: true });
        const gradBias = backend.sumRows(gradPre);
        const gradInput = needInputGradient ? backend.matmul(gradPre, this.weights.tensor, { transposeB: true }) : undefined;
        if (gradPre !== gradOutput) backend.dispose(gradPre);
        release();
        return { gradInput, paramGrads: [gradWeights, gradBias, ...activationGrads] };
      },
      release,
    };
  }

  toSpecs(): readonly LayerSpecJSON[] {
    return this.activationSpec === undefined ? [{ ...this.spec }] : [{ ...this.spec }, this.activationSpec];
  }

  dispose(): void {
    for (const parameter of [this.weights, this.bias]) {
      this.backend.dispose(parameter.tensor);
      for (const state of parameter.state) this.backend.dispose(state);
    }
    this.activation.dispose(this.backend);
  }
}

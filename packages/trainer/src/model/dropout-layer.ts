import type { DeviceTensor, TrainingBackend } from '@rectify/activation-core';
import { mix32 } from '@rectify/activation-core';
import type { Layer, LayerContext, LayerGradients, LayerPass, LayerSpecJSON } from './layer.js';

export interface DropoutLayerSpec {
  readonly type: 'dropout';
  /** Share of units zeroed in training, in [0, 1). */
  readonly rate: number;
}

/** Inverted dropout in training; the identity in evaluation. */
export class DropoutLayer<T extends DeviceTensor> implements Layer<T> {
  readonly kind = 'dropout';
  readonly parameters = [];
  readonly activationId = undefined;

  constructor(
    private readonly backend: TrainingBackend<T>,
    private readonly spec: DropoutLayerSpec,
    readonly inputUnits: number,
    /** Position in the model, so two dropout layers in one step draw different masks. */
    private readonly position: number,
  ) {}

  get outputUnits(): number {
    return this.inputUnits;
  }

  get description(): string {
    return `dropout ${this.spec.rate}`;
  }

  forward(input: T, context: LayerContext<T>): LayerPass<T> {
    const { backend } = this;
    if (!context.training || this.spec.rate === 0) {
      return {
        output: input,
        preActivation: undefined,
        backward: (gradOutput: T, needInputGradient: boolean): LayerGradients<T> => ({
          gradInput: needInputGradient ? backend.scale(gradOutput, 1) : undefined,
          paramGrads: [],
        }),
        release: () => undefined,
      };
    }
    const seed = mix32((context.seed ^ Math.imul(this.position + 1, 0x9e3779b1)) >>> 0);
    const { output, mask } = backend.dropout(input, this.spec.rate, seed);
    return {
      output,
      preActivation: undefined,
      backward: (gradOutput: T, needInputGradient: boolean): LayerGradients<T> => {
        const gradInput = needInputGradient ? backend.mul(gradOutput, mask) : undefined;
        backend.dispose(mask);
        return { gradInput, paramGrads: [] };
      },
      release: () => {
        if (!mask.disposed) backend.dispose(mask);
      },
    };
  }

  toSpecs(): readonly LayerSpecJSON[] {
    return [{ ...this.spec }];
  }

  dispose(): void {
    // No parameters.
  }
}

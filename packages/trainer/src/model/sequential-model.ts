import type { DeviceTensor, TrainingBackend } from '@rectify/activation-core';
import { RectifyError } from '@rectify/activation-core';
import type { Layer, LayerContext, LayerPass, TrainableParameter } from './layer.js';
import type { ModelSpec } from './model-spec.js';

/** One forward pass through the model; `dispose()` frees every tensor it made (not the input). */
export interface ModelPass<T extends DeviceTensor> {
  readonly output: T;
  /** The input and output of each layer, in order. */
  readonly steps: readonly { readonly layer: Layer<T>; readonly input: T; readonly pass: LayerPass<T> }[];
  dispose(): void;
}

export class SequentialModel<T extends DeviceTensor> {
  readonly parameters: readonly TrainableParameter<T>[];
  private disposed = false;

  constructor(
    readonly backend: TrainingBackend<T>,
    readonly spec: ModelSpec,
    readonly layers: readonly Layer<T>[],
    readonly warnings: readonly string[],
  ) {
    let units = spec.inputs;
    layers.forEach((layer, index) => {
      if (layer.inputUnits !== units) {
        throw new RectifyError('SHAPE_MISMATCH', `Layer ${index} (${layer.description}) takes ${layer.inputUnits} inputs but the previous layer gives ${units}.`, {
          layer: index,
          expected: units,
          actual: layer.inputUnits,
        });
      }
      units = layer.outputUnits;
    });
    this.parameters = layers.flatMap((layer) => layer.parameters);
  }

  get inputUnits(): number {
    return this.spec.inputs;
  }

  get outputUnits(): number {
    return this.layers.at(-1)?.outputUnits ?? this.spec.inputs;
  }

  /** The layer that owns each parameter, in `parameters` order. */
  parameterLayers(): number[] {
    return this.layers.flatMap((layer, index) => layer.parameters.map(() => index));
  }

  forward(input: T, context: Omit<LayerContext<T>, 'backend'>): ModelPass<T> {
    this.assertLive();
    const [, features] = input.shape;
    if (input.shape.length !== 2 || features !== this.inputUnits) {
      throw new RectifyError('SHAPE_MISMATCH', `The model takes rows of ${this.inputUnits} features; got a tensor of shape [${input.shape.join(', ')}].`, {
        expected: this.inputUnits,
        shape: input.shape,
      });
    }
    const steps: { layer: Layer<T>; input: T; pass: LayerPass<T> }[] = [];
    let current = input;
    const fullContext: LayerContext<T> = { ...context, backend: this.backend };
    for (const layer of this.layers) {
      const pass = layer.forward(current, fullContext);
      steps.push({ layer, input: current, pass });
      current = pass.output;
    }
    const backend = this.backend;
    return {
      output: current,
      steps,
      dispose: () => {
        for (const step of steps) {
          step.pass.release();
          if (step.pass.output !== step.input && !step.pass.output.disposed) backend.dispose(step.pass.output);
        }
      },
    };
  }

  /** Gradients of every parameter (in `parameters` order) for `gradOutput` at the model output. The caller disposes them. */
  backward(modelPass: ModelPass<T>, gradOutput: T): T[] {
    const perLayer: (readonly T[])[] = new Array<readonly T[]>(modelPass.steps.length);
    let grad = gradOutput;
    for (let index = modelPass.steps.length - 1; index >= 0; index--) {
      const step = modelPass.steps[index];
      if (step === undefined) continue;
      const result = step.pass.backward(grad, index > 0);
      if (grad !== gradOutput) this.backend.dispose(grad);
      perLayer[index] = result.paramGrads;
      if (result.gradInput === undefined) break;
      grad = result.gradInput;
    }
    return perLayer.flatMap((grads) => [...grads]);
  }

  /** Outputs for `inputs` in evaluation mode, computed in chunks of `batchSize` rows. */
  predict(inputs: T, batchSize = 1024): T[] {
    const rows = inputs.shape[0] ?? 0;
    const chunks: T[] = [];
    for (let start = 0; start < rows; start += batchSize) {
      const indices = Int32Array.from({ length: Math.min(batchSize, rows - start) }, (_, offset) => start + offset);
      const chunk = this.backend.gatherRows(inputs, indices);
      const modelPass = this.forward(chunk, { training: false, seed: 0, forBackward: false });
      const output = modelPass.output === chunk ? this.backend.scale(chunk, 1) : modelPass.output;
      for (const step of modelPass.steps) {
        step.pass.release();
        if (step.pass.output !== output && step.pass.output !== step.input && !step.pass.output.disposed) this.backend.dispose(step.pass.output);
      }
      this.backend.dispose(chunk);
      chunks.push(output);
    }
    return chunks;
  }

  /** Current parameter values, read back from the device, by name. */
  async readParameters(): Promise<Map<string, Float32Array>> {
    const values = await Promise.all(this.parameters.map((parameter) => this.backend.read(parameter.tensor)));
    return new Map(this.parameters.map((parameter, index) => [parameter.name, values[index] ?? new Float32Array()]));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const layer of this.layers) layer.dispose();
  }

  private assertLive(): void {
    if (this.disposed) throw new RectifyError('INVALID_OPTION', 'This model was disposed.');
  }
}

import type { ReferenceTensor } from '@rectify/activation-core';
import { builtinActivations, createReferenceTrainingBackend, createRegistry } from '@rectify/activation-core';
import { describe, expect, it } from 'vitest';
import { splitDataset } from '../data/split.js';
import { syntheticDataset } from '../data/synthetic.js';
import { train } from '../training/train.js';
import { buildModel } from './build-model.js';
import type { Layer, LayerContext, LayerPass } from './layer.js';
import { mlpSpec } from './model-spec.js';
import { SequentialModel } from './sequential-model.js';

const backend = createReferenceTrainingBackend({ registry: createRegistry({ activations: builtinActivations }) });

/** A layer kind the trainer does not know: multiplies its input by a constant. */
class ConstantScaleLayer implements Layer<ReferenceTensor> {
  readonly kind = 'constant_scale';
  readonly parameters = [];
  readonly activationId = undefined;
  backwardCalls = 0;

  constructor(
    readonly inputUnits: number,
    private readonly factor: number,
  ) {}

  get outputUnits(): number {
    return this.inputUnits;
  }

  get description(): string {
    return `scale ×${this.factor}`;
  }

  forward(input: ReferenceTensor, context: LayerContext<ReferenceTensor>): LayerPass<ReferenceTensor> {
    return {
      output: context.backend.scale(input, this.factor),
      preActivation: undefined,
      backward: (gradOutput, needInputGradient) => {
        this.backwardCalls += 1;
        return { gradInput: needInputGradient ? context.backend.scale(gradOutput, this.factor) : undefined, paramGrads: [] };
      },
      release: () => undefined,
    };
  }

  toSpecs() {
    return [{ type: this.kind, factor: this.factor }];
  }

  dispose(): void {
    // Nothing on the device.
  }
}

describe('a new kind of layer', () => {
  it('trains through the unchanged loop', async () => {
    const base = buildModel(backend, mlpSpec({ inputs: 2, hidden: [16], outputs: 2, activation: { id: 'relu' } }), { seed: 1 });
    const custom = new ConstantScaleLayer(16, 0.5);
    const [first, ...rest] = base.layers;
    if (first === undefined) throw new Error('no layers');
    const model = new SequentialModel(backend, base.spec, [first, custom, ...rest], []);
    const data = splitDataset(syntheticDataset('circles', { rows: 400, seed: 1 }), { trainSize: 300, testSize: 100, seed: 1 });
    const result = await train(model, data, { epochs: 10, batchSize: 32, optimizer: { kind: 'adam', learningRate: 0.01 }, probeRows: 64 });
    expect(custom.backwardCalls).toBeGreaterThan(0);
    expect(result.final.testAccuracy).toBeGreaterThan(0.9);
    expect(result.history[0]?.diagnostics?.map((layer) => layer.description)).toEqual(['dense 2→16 + relu', 'scale ×0.5', 'dense 16→2']);
    model.dispose();
  });

  it('is checked for size against its neighbours', () => {
    const base = buildModel(backend, mlpSpec({ inputs: 2, hidden: [16], outputs: 2, activation: { id: 'relu' } }));
    expect(() => new SequentialModel(backend, base.spec, [base.layers[0] as Layer<ReferenceTensor>, new ConstantScaleLayer(8, 2)], [])).toThrow(/takes 8 inputs but the previous layer gives 16/);
    base.dispose();
  });
});

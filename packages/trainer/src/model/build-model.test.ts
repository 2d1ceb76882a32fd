import { createReferenceTrainingBackend, createRegistry, builtinActivations, isRectifyError } from '@rectify/activation-core';
import type { ActivationCall, ReferenceTensor } from '@rectify/activation-core';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../random/seeded-random.js';
import { computeLoss } from '../training/loss.js';
import { buildModel } from './build-model.js';
import type { ModelSpec } from './model-spec.js';
import { mlpSpec } from './model-spec.js';

const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
const backend = createReferenceTrainingBackend({ registry });

const randomRows = (rows: number, features: number, seed: number): Float32Array => {
  const random = new SeededRandom(seed);
  return Float32Array.from({ length: rows * features }, () => random.normal());
};

async function lossOf(spec: ModelSpec, parameters: Map<string, Float32Array>, inputs: Float32Array, labels: Float32Array): Promise<number> {
  const model = buildModel(backend, spec, { initialParameters: parameters });
  const x = backend.tensor(inputs, [labels.length, spec.inputs]);
  const y = backend.tensor(labels, [labels.length]);
  const pass = model.forward(x, { training: false, seed: 0, forBackward: false });
  const { loss } = computeLoss(backend, 'cross_entropy', pass.output, { labels: y, oneHot: undefined });
  const value = (await backend.read(loss))[0] ?? Number.NaN;
  model.dispose();
  return value;
}

describe('buildModel', () => {
  it('fuses a dense layer with the activation that follows it', () => {
    const model = buildModel(backend, mlpSpec({ inputs: 4, hidden: [8, 6], outputs: 3, activation: { id: 'relu' }, dropout: 0.2 }));
    expect(model.layers.map((layer) => layer.description)).toEqual(['dense 4→8 + relu', 'dropout 0.2', 'dense 8→6 + relu', 'dropout 0.2', 'dense 6→3']);
    expect(model.layers.flatMap((layer) => layer.toSpecs()).length).toBe(model.spec.layers.length);
    model.dispose();
  });

  it.each(['relu', 'prelu', 'elu', 'smooth/gelu', 'tanh'])('computes gradients that match finite differences of the loss (%s)', async (id) => {
    const spec: ModelSpec = {
      inputs: 3,
      layers: [{ type: 'dense', units: 5 }, { type: 'activation', id }, { type: 'dense', units: 4 }, { type: 'activation', id }, { type: 'dense', units: 3 }],
    };
    const inputs = randomRows(6, 3, 1);
    const labels = Float32Array.from([0, 1, 2, 0, 1, 2]);
    const model = buildModel(backend, spec, { seed: 5 });
    const parameters = await model.readParameters();
    const x = backend.tensor(inputs, [6, 3]);
    const y = backend.tensor(labels, [6]);
    const pass = model.forward(x, { training: true, seed: 0, forBackward: true });
    const { grad } = computeLoss(backend, 'cross_entropy', pass.output, { labels: y, oneHot: undefined });
    const grads = await Promise.all(model.backward(pass, grad).map((tensor) => backend.read(tensor)));
    const names = model.parameters.map((parameter) => parameter.name);
    model.dispose();

    const step = 1e-2;
    for (const [position, name] of names.entries()) {
      const values = parameters.get(name) ?? new Float32Array();
      for (const index of [0, values.length - 1]) {
        const nudged = (delta: number): Map<string, Float32Array> => {
          const copy = Float32Array.from(values);
          copy[index] = (copy[index] ?? 0) + delta;
          return new Map([...parameters, [name, copy]]);
        };
        const numeric = ((await lossOf(spec, nudged(step), inputs, labels)) - (await lossOf(spec, nudged(-step), inputs, labels))) / (2 * step);
        expect(grads[position]?.[index], `${name}[${index}]`).toBeCloseTo(numeric, 2);
      }
    }
  });

  it('learns one PReLU slope per unit, or one for the layer', () => {
    const perUnit = buildModel(backend, { inputs: 2, layers: [{ type: 'dense', units: 7 }, { type: 'activation', id: 'prelu' }] });
    const scalar = buildModel(backend, { inputs: 2, layers: [{ type: 'dense', units: 7 }, { type: 'activation', id: 'prelu', perUnit: false, params: { alpha: 0.1 } }] });
    expect(perUnit.parameters.map((parameter) => [parameter.name, parameter.tensor.shape])).toContainEqual(['layers.1.alpha', [7]]);
    expect(scalar.parameters.map((parameter) => [parameter.name, parameter.tensor.shape])).toContainEqual(['layers.1.alpha', [1]]);
    perUnit.dispose();
    scalar.dispose();
  });

  it('keeps learnable parameters fixed with learnParams: false and asks the backend for no parameter gradients', async () => {
    const calls: ActivationCall[] = [];
    const recording: typeof backend = {
      ...backend,
      activationBackward(input, gradOutput, call) {
        calls.push(call);
        return backend.activationBackward(input, gradOutput, call);
      },
    };
    const layers = (learnParams: boolean): ModelSpec['layers'] => [
      { type: 'dense', units: 5 },
      { type: 'activation', id: 'smooth/silu', params: { beta: 1.5 }, learnParams },
      { type: 'dense', units: 3 },
    ];
    const learned = buildModel(recording, { inputs: 3, layers: layers(true) }, { seed: 5 });
    const fixed = buildModel(recording, { inputs: 3, layers: layers(false) }, { seed: 5 });
    expect(learned.parameters.map((parameter) => parameter.name)).toContain('layers.1.beta');
    expect(fixed.parameters.map((parameter) => parameter.name)).toEqual(learned.parameters.map((parameter) => parameter.name).filter((name) => name !== 'layers.1.beta'));

    const x = backend.tensor(randomRows(6, 3, 1), [6, 3]);
    const y = backend.tensor(Float32Array.from([0, 1, 2, 0, 1, 2]), [6]);
    const gradients = async (model: typeof learned): Promise<Float32Array[]> => {
      const pass = model.forward(x, { training: true, seed: 0, forBackward: true });
      const { grad } = computeLoss(backend, 'cross_entropy', pass.output, { labels: y, oneHot: undefined });
      return Promise.all(model.backward(pass, grad).map((tensor) => backend.read(tensor)));
    };
    const withBeta = await gradients(learned);
    const withoutBeta = await gradients(fixed);
    expect(calls.map((call) => call.paramGradients)).toEqual([true, false]);
    expect(calls[1]?.params).toEqual({ beta: 1.5 });
    // Same weights, same fixed beta: the weights' gradients are those of the learning model.
    const betaIndex = learned.parameters.findIndex((parameter) => parameter.name === 'layers.1.beta');
    expect(withoutBeta).toEqual(withBeta.filter((_, index) => index !== betaIndex));
    learned.dispose();
    fixed.dispose();
  });

  it('rejects bad specs with typed errors before allocating', () => {
    const bad: [ModelSpec, string][] = [
      [{ inputs: 2, layers: [{ type: 'dense', units: 0 }] }, 'SHAPE_MISMATCH'],
      [{ inputs: 0, layers: [{ type: 'dense', units: 3 }] }, 'SHAPE_MISMATCH'],
      [{ inputs: 2, layers: [{ type: 'activation', id: 'rleu' }] }, 'UNKNOWN_ACTIVATION'],
      [{ inputs: 2, layers: [{ type: 'dropout', rate: 1 }] }, 'INVALID_OPTION'],
      [{ inputs: 2, layers: [{ type: 'dropout', rate: -0.1 }] }, 'INVALID_OPTION'],
      [{ inputs: 2, layers: [{ type: 'dense', units: 3, init: { name: 'he_normall' as 'he_normal' } }] }, 'INVALID_OPTION'],
      [{ inputs: 2, layers: [{ type: 'dense', units: 3 }, { type: 'activation', id: 'elu', params: { beta: 1 } }] }, 'UNKNOWN_PARAMETER'],
      [{ inputs: 2, layers: [{ type: 'dense', units: 3 }, { type: 'activation', id: 'prelu', learnParams: 'no' as never }] }, 'INVALID_OPTION'],
    ];
    for (const [spec, code] of bad) {
      let caught: unknown;
      try {
        buildModel(backend, spec);
      } catch (error) {
        caught = error;
      }
      expect(isRectifyError(caught, code as never), JSON.stringify(spec)).toBe(true);
    }
  });

  it('rejects saved parameters of the wrong size', () => {
    const spec: ModelSpec = { inputs: 2, layers: [{ type: 'dense', units: 3 }] };
    expect(() => buildModel(backend, spec, { initialParameters: new Map([['layers.0.weights', new Float32Array(5)]]) })).toThrow(/has 5 values; the layer needs 6/);
  });

  it('warns that zeros initialisation makes every unit identical', () => {
    const warnings: string[] = [];
    const model = buildModel<ReferenceTensor>(backend, { inputs: 2, layers: [{ type: 'dense', units: 3, init: { name: 'zeros' } }] }, { onWarning: (message) => warnings.push(message) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/identical weights/);
    expect(model.warnings).toEqual(warnings);
    model.dispose();
  });
});

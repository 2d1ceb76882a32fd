import { builtinActivations, createReferenceTrainingBackend, createRegistry } from '@rectify/activation-core';
import { describe, expect, it } from 'vitest';
import { splitDataset } from '../data/split.js';
import { syntheticDataset } from '../data/synthetic.js';
import { buildModel } from '../model/build-model.js';
import type { ModelSpec } from '../model/model-spec.js';
import { mlpSpec } from '../model/model-spec.js';
import { train } from '../training/train.js';
import { diagnoseModel } from './diagnose-model.js';
import { histogram } from './histogram.js';
import { deadSplit, unitStatistics } from './unit-statistics.js';

const backend = createReferenceTrainingBackend({ registry: createRegistry({ activations: builtinActivations }) });
const data = syntheticDataset('gaussian', { rows: 256, seed: 3 });

async function diagnose(spec: ModelSpec) {
  const model = buildModel(backend, spec, { seed: 1 });
  const inputs = backend.tensor(data.inputs, [data.rows, 2]);
  const labels = backend.tensor(data.labels, [data.rows]);
  const result = await diagnoseModel(model, inputs, { labels, oneHot: undefined }, 'cross_entropy');
  model.dispose();
  return result;
}

describe('diagnoseModel', () => {
  it('finds every ReLU unit dead under a huge negative bias, and no gradient reaching the layer', async () => {
    const { layers } = await diagnose(mlpSpec({ inputs: 2, hidden: [32], outputs: 2, activation: { id: 'relu' }, biasInit: -100 }));
    expect(layers[0]?.deadFraction).toBe(1);
    expect(layers[0]?.sparsity).toBe(1);
    expect(layers[0]?.gradNorm).toBe(0);
  });

  it('sees a few dead units at most with a normal initialisation', async () => {
    const { layers } = await diagnose(mlpSpec({ inputs: 2, hidden: [32], outputs: 2, activation: { id: 'relu' } }));
    expect(layers[0]?.deadFraction).toBeLessThan(0.2);
    expect(layers[0]?.sparsity).toBeGreaterThan(0.3);
    expect(layers[0]?.sparsity).toBeLessThan(0.7);
    expect(layers[0]?.gradNorm).toBeGreaterThan(0);
  });

  it('finds no exact zeros in leaky_relu outputs', async () => {
    const { layers } = await diagnose(mlpSpec({ inputs: 2, hidden: [32], outputs: 2, activation: { id: 'leaky_relu' } }));
    expect(layers[0]?.sparsity).toBe(0);
    expect(layers[0]?.activationHistogram?.min).toBeLessThan(0);
  });

  it('reports weight norms and histograms per layer', async () => {
    const { layers } = await diagnose(mlpSpec({ inputs: 2, hidden: [16, 8], outputs: 2, activation: { id: 'tanh' } }));
    expect(layers.map((layer) => layer.description)).toEqual(['dense 2→16 + tanh', 'dense 16→8 + tanh', 'dense 8→2']);
    for (const layer of layers) expect(layer.weightNorm).toBeGreaterThan(0);
    expect(layers[0]?.activationHistogram?.counts.reduce((a, b) => a + b, 0)).toBe(256 * 16);
    expect(layers[2]?.deadFraction).toBeUndefined();
  });

  it('splits deaths during training from deaths at initialisation', async () => {
    const split = splitDataset(syntheticDataset('circles', { rows: 600, seed: 2 }), { trainSize: 500, testSize: 100, seed: 2 });
    const model = buildModel(backend, mlpSpec({ inputs: 2, hidden: [64], outputs: 2, activation: { id: 'relu' } }), { seed: 4 });
    const result = await train(model, split, { epochs: 3, batchSize: 16, optimizer: { kind: 'sgd', learningRate: 5 }, seed: 1, probeRows: 256 });
    const last = result.history.at(-1)?.diagnostics?.[0];
    const first = result.history[0]?.diagnostics?.[0];
    expect(first?.deadFraction).toBeLessThan(0.1);
    expect(last?.diedFraction).toBeGreaterThan(0.2);
    expect((last?.deadAtInitFraction ?? 0) + (last?.diedFraction ?? 0)).toBeCloseTo(last?.deadFraction ?? -1, 12);
    model.dispose();
  });
});

describe('unit statistics', () => {
  it('marks units never positive over the rows and counts exact zeros', () => {
    const outputs = Float32Array.from([0, -1, 2, 0, -3, 0]);
    const { dead, sparsity } = unitStatistics(outputs, 2, 3);
    expect([...dead]).toEqual([1, 1, 0]);
    expect(sparsity).toBeCloseTo(3 / 6, 12);
  });

  it('splits dead units into dead at init, died and revived', () => {
    expect(deadSplit(Uint8Array.from([1, 1, 0, 0]), Uint8Array.from([1, 0, 1, 0]))).toEqual({ dead: 0.5, deadAtInit: 0.25, died: 0.25, revived: 0.25 });
  });

  it('bins values between their extremes, counting non-finite ones apart', () => {
    const result = histogram([0, 1, 2, 3, Number.NaN], 3);
    expect(result).toEqual({ min: 0, max: 3, counts: [1, 1, 2], nonFinite: 1 });
  });
});

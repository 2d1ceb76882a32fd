import type { TrainingBackend } from '@rectify/activation-core';
import { builtinActivations, createReferenceTrainingBackend, createRegistry } from '@rectify/activation-core';
import { createCpuBackend } from '@rectify/backend-cpu';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { afterAll, describe, expect, it } from 'vitest';
import { isTrainingBackend } from '../cli/training-backend.js';
import { loadMnist } from '../data/mnist.js';
import { splitDataset } from '../data/split.js';
import { syntheticDataset } from '../data/synthetic.js';
import { buildModel } from '../model/build-model.js';
import { mlpSpec } from '../model/model-spec.js';
import { train } from './train.js';

const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
const cpu = createCpuBackend({ registry });
const backends: [string, TrainingBackend][] = [['reference', createReferenceTrainingBackend({ registry })]];
if (isTrainingBackend(cpu)) backends.push(['cpu', cpu]);
afterAll(() => {
  cpu.destroy();
});

describe.each(backends)('end to end on the %s backend', (name, backend) => {
  it('beats 80% on real MNIST digits after one epoch on 2,000 rows', async () => {
    const data = await loadMnist({ trainSize: 2000, testSize: 1000, seed: 7 });
    const model = buildModel(backend, mlpSpec({ inputs: 784, hidden: [128, 64], outputs: 10, activation: { id: 'relu' } }), { seed: 7 });
    const result = await train(model, data, { epochs: 1, batchSize: 64, optimizer: { kind: 'adam', learningRate: 1e-3 }, seed: 7, probeRows: 256 });
    model.dispose();
    expect(result.history[0]?.testAccuracy, name).toBeLessThan(0.3);
    expect(result.final.testAccuracy, name).toBeGreaterThan(0.8);
  }, 60_000);

  it('separates a three-armed spiral', async () => {
    const data = splitDataset(syntheticDataset('spiral', { rows: 900, classes: 3, noise: 0.02, seed: 1 }), { trainSize: 700, testSize: 200, seed: 1 });
    const model = buildModel(backend, mlpSpec({ inputs: 2, hidden: [32, 32], outputs: 3, activation: { id: 'relu' } }), { seed: 1 });
    const result = await train(model, data, { epochs: 40, batchSize: 32, optimizer: { kind: 'adam', learningRate: 0.01 }, seed: 1, probeRows: 0 });
    model.dispose();
    expect(result.final.testAccuracy, name).toBeGreaterThan(0.9);
  }, 60_000);
});

describe.runIf(isTrainingBackend(cpu))('determinism on the CPU backend', () => {
  it('gives bit-identical weights for the same seed', async () => {
    const data = await loadMnist({ trainSize: 1000, testSize: 100, seed: 3 });
    const run = async (): Promise<Map<string, Float32Array>> => {
      const backend = createCpuBackend({ registry });
      if (!isTrainingBackend(backend)) throw new Error('no training ops');
      const model = buildModel(backend, mlpSpec({ inputs: 784, hidden: [64], outputs: 10, activation: { id: 'prelu' }, dropout: 0.1 }), { seed: 3 });
      await train(model, data, { epochs: 1, batchSize: 32, optimizer: { kind: 'adamw', learningRate: 1e-3 }, seed: 3, probeRows: 0 });
      const parameters = await model.readParameters();
      model.dispose();
      backend.destroy();
      return parameters;
    };
    expect(await run()).toEqual(await run());
  }, 60_000);
});

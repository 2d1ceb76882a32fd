import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { createCpuBackend } from '@rectify/backend-cpu';
import { buildModel, mlpSpec, splitDataset, syntheticDataset, train } from '@rectify/trainer';
import { describe, expect, it } from 'vitest';
import { bentPlugin } from './index.js';

const registry = createRegistry({ activations: builtinActivations, plugins: [bentPlugin] });
const backend = createCpuBackend({ registry, threads: 1 });
const data = splitDataset(syntheticDataset('circles', { rows: 600, seed: 3 }), { trainSize: 480, testSize: 120, seed: 3 });

describe('training with the plugin activations (@rectify/trainer on the CPU backend)', () => {
  for (const id of ['bent/bounded_prelu', 'bent/logish']) {
    it(`${id}: the loss falls and the classifier beats chance`, async () => {
      const model = buildModel(backend, mlpSpec({ inputs: 2, hidden: [16, 16], outputs: 2, activation: { id } }), { seed: 1 });
      const result = await train(model, data, { epochs: 12, batchSize: 32, seed: 1, optimizer: { kind: 'adam', learningRate: 0.01 } });
      // history[0] is the untrained model; every later record is an epoch.
      const losses = result.history.flatMap((record) => (record.trainLoss === undefined ? [] : [record.trainLoss]));
      expect(losses).toHaveLength(12);
      const first = losses[0] ?? Number.NaN;
      const last = losses.at(-1) ?? Number.NaN;
      expect(last).toBeLessThan(0.6 * first);
      expect(result.final.testAccuracy).toBeGreaterThan(0.8);
      if (id === 'bent/bounded_prelu') {
        // alpha is learned, one value per unit, starting from its default 0.25.
        const values = await model.readParameters();
        const alphas = model.parameters.filter((parameter) => parameter.role === 'activation').flatMap((parameter) => [...(values.get(parameter.name) ?? [])]);
        expect(alphas).toHaveLength(32);
        expect(alphas.some((alpha) => Math.abs(alpha - 0.25) > 1e-3)).toBe(true);
      }
      model.dispose();
    });
  }
});

import { builtinActivations, createReferenceTrainingBackend, createRegistry, isRectifyError } from '@rectify/activation-core';
import { describe, expect, it } from 'vitest';
import { splitDataset } from '../data/split.js';
import { syntheticDataset } from '../data/synthetic.js';
import { buildModel } from '../model/build-model.js';
import { mlpSpec } from '../model/model-spec.js';
import { evaluateModel } from './evaluate.js';
import { train } from './train.js';
import type { TrainOptions } from './train-options.js';

const backend = createReferenceTrainingBackend({ registry: createRegistry({ activations: builtinActivations }) });
const circles = splitDataset(syntheticDataset('circles', { rows: 500, seed: 1 }), { trainSize: 400, testSize: 100, seed: 1 });
const spec = mlpSpec({ inputs: 2, hidden: [16, 16], outputs: 2, activation: { id: 'relu' } });
const adam: TrainOptions = { epochs: 8, batchSize: 32, optimizer: { kind: 'adam', learningRate: 0.01 }, seed: 1, probeRows: 64 };

const errorOf = async (run: () => Promise<unknown>): Promise<unknown> => {
  try {
    await run();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('train', () => {
  it('learns the circles set with every optimiser', async () => {
    for (const kind of ['sgd', 'momentum', 'nesterov', 'adam', 'adamw'] as const) {
      const model = buildModel(backend, spec, { seed: 2 });
      const learningRate = kind === 'adam' || kind === 'adamw' ? 0.01 : 0.1;
      const result = await train(model, circles, { ...adam, epochs: 15, optimizer: { kind, learningRate } });
      expect(result.final.testAccuracy, kind).toBeGreaterThan(0.95);
      expect(result.history[0]?.testAccuracy, kind).toBeLessThan(0.8);
      model.dispose();
    }
  });

  it('gives identical results for a seed and different ones for another seed', async () => {
    const run = async (seed: number): Promise<Float32Array> => {
      const model = buildModel(backend, mlpSpec({ inputs: 2, hidden: [8], outputs: 2, activation: { id: 'relu' }, dropout: 0.2 }), { seed: 2 });
      await train(model, circles, { ...adam, epochs: 2, seed });
      const weights = (await model.readParameters()).get('layers.0.weights') ?? new Float32Array();
      model.dispose();
      return weights;
    };
    expect(await run(3)).toEqual(await run(3));
    expect(await run(3)).not.toEqual(await run(4));
  });

  it('trains PReLU slopes and leaves them out of weight decay by default', async () => {
    const prelu = mlpSpec({ inputs: 2, hidden: [8], outputs: 2, activation: { id: 'prelu' } });
    const slopes = async (options: Partial<TrainOptions>): Promise<Float32Array> => {
      const model = buildModel(backend, prelu, { seed: 2 });
      await train(model, circles, { ...adam, epochs: 2, ...options, optimizer: { kind: 'sgd', learningRate: 0 } });
      const values = (await model.readParameters()).get('layers.1.alpha') ?? new Float32Array();
      model.dispose();
      return values;
    };
    // With a zero learning rate only decoupled decay could move a parameter: it must not touch the slopes...
    expect([...(await slopes({ weightDecay: 0.5 }))]).toEqual(new Array<number>(8).fill(0.25));
    const trained = buildModel(backend, prelu, { seed: 2 });
    await train(trained, circles, { ...adam, epochs: 3 });
    const moved = (await trained.readParameters()).get('layers.1.alpha') ?? new Float32Array();
    expect(moved.some((value) => Math.abs(value - 0.25) > 1e-3)).toBe(true);
    trained.dispose();
  });

  it('stops on a non-finite loss naming the step, the layer and the last gradient norms', async () => {
    const model = buildModel(backend, spec, { seed: 2 });
    const error = await errorOf(() => train(model, circles, { ...adam, optimizer: { kind: 'sgd', learningRate: 1e6 } }));
    expect(isRectifyError(error, 'NON_FINITE_VALUE')).toBe(true);
    expect(String(error)).toMatch(/Training diverged at step \d+ \(epoch \d+, batch \d+\)/);
    expect(String(error)).toMatch(/layer 0 \(dense 2→16 \+ relu\)/);
    expect(String(error)).toMatch(/At the previous step: layer 0/);
    model.dispose();
  });

  it('clips by global norm so a huge learning rate with clipping stays finite', async () => {
    const model = buildModel(backend, spec, { seed: 2 });
    const result = await train(model, circles, { ...adam, epochs: 2, optimizer: { kind: 'sgd', learningRate: 0.5 }, clipNorm: 1e-3 });
    expect(result.final.trainLoss).toBeGreaterThan(0.5);
    const before = buildModel(backend, spec, { seed: 2 });
    const start = await before.readParameters();
    const end = await model.readParameters();
    let squares = 0;
    for (const [name, values] of start) values.forEach((value, index) => (squares += (value - (end.get(name)?.[index] ?? 0)) ** 2));
    // Each of the 26 steps moves the weights by at most lr * clipNorm.
    expect(Math.sqrt(squares)).toBeLessThanOrEqual(26 * 0.5 * 1e-3 * 1.0001);
    model.dispose();
    before.dispose();
  });

  it('clips by value', async () => {
    const model = buildModel(backend, spec, { seed: 2 });
    const before = await model.readParameters();
    await train(model, circles, { ...adam, epochs: 1, batchSize: 400, optimizer: { kind: 'sgd', learningRate: 1 }, clipValue: 1e-4 });
    const after = await model.readParameters();
    for (const [name, values] of before) {
      values.forEach((value, index) => {
        expect(Math.abs(value - (after.get(name)?.[index] ?? 0))).toBeLessThanOrEqual(1e-4 + 1e-6);
      });
    }
    model.dispose();
  });

  it('stops early when the held-out loss stops improving', async () => {
    const model = buildModel(backend, spec, { seed: 2 });
    const result = await train(model, circles, { ...adam, epochs: 50, optimizer: { kind: 'sgd', learningRate: 0 }, earlyStopping: { patience: 2 } });
    expect(result.stoppedEarlyAfter).toBe(3);
    expect(result.history).toHaveLength(4);
    model.dispose();
  });

  it('puts back the weights of the best epoch when asked to', async () => {
    // A learning rate this high makes the held-out loss jump about, so the best epoch is not the last.
    const options: TrainOptions = { ...adam, epochs: 12, optimizer: { kind: 'adam', learningRate: 0.1 }, earlyStopping: { patience: 12, restoreBest: true } };
    const model = buildModel(backend, spec, { seed: 2 });
    const result = await train(model, circles, options);
    const epochs = result.history.slice(1);
    const bestLoss = Math.min(...epochs.map((record) => record.testLoss ?? Infinity));
    expect(result.restoredEpoch).toBeDefined();
    expect(result.restoredEpoch).not.toBe(epochs.at(-1)?.epoch);
    expect(result.history[result.restoredEpoch ?? -1]?.testLoss).toBe(bestLoss);
    expect(result.final.testLoss).toBe(bestLoss);
    const test = circles.test;
    const again = await evaluateModel(model, { rows: test.rows, inputs: backend.tensor(test.inputs, [test.rows, test.features]), labels: backend.tensor(test.labels, [test.rows]), oneHot: undefined, hostLabels: test.labels }, 'cross_entropy');
    expect(again.loss).toBeCloseTo(bestLoss, 12);

    const plain = buildModel(backend, spec, { seed: 2 });
    const withoutRestore = await train(plain, circles, { ...options, earlyStopping: { patience: 12 } });
    expect(withoutRestore.restoredEpoch).toBeUndefined();
    expect(withoutRestore.final.testLoss).toBe(withoutRestore.history.at(-1)?.testLoss);
    expect(withoutRestore.final.testLoss).not.toBe(bestLoss);
    model.dispose();
    plain.dispose();
  });

  it('follows the learning-rate schedule', async () => {
    const model = buildModel(backend, spec, { seed: 2 });
    const result = await train(model, circles, { ...adam, epochs: 3, schedule: { kind: 'step', stepEpochs: 1, gamma: 0.5 } });
    expect(result.history.slice(1).map((record) => record.learningRate)).toEqual([0.01, 0.005, 0.0025]);
    model.dispose();
  });

  it('trains with mean squared error on one-hot targets', async () => {
    const model = buildModel(backend, spec, { seed: 2 });
    const result = await train(model, circles, { ...adam, epochs: 15, loss: 'mse' });
    expect(result.final.testAccuracy).toBeGreaterThan(0.9);
    model.dispose();
  });

  it('rejects bad hyper-parameters and mismatched data before training', async () => {
    const model = buildModel(backend, spec, { seed: 2 });
    const cases: [Partial<TrainOptions>, RegExp][] = [
      [{ batchSize: 0 }, /batch size must be a positive integer, got 0/],
      [{ epochs: 0 }, /epochs/],
      [{ optimizer: { kind: 'adam', learningRate: -1 } }, /learning rate must be a finite number >= 0, got -1/],
      [{ clipNorm: 0 }, /clipNorm/],
      [{ optimizer: { kind: 'rmsprop' as 'adam', learningRate: 1 } }, /Unknown optimiser "rmsprop"/],
    ];
    for (const [options, message] of cases) {
      const error = await errorOf(() => train(model, circles, { ...adam, ...options }));
      expect(isRectifyError(error, 'INVALID_OPTION'), String(message)).toBe(true);
      expect(String(error)).toMatch(message);
    }
    const threeClasses = splitDataset(syntheticDataset('spiral', { rows: 300, classes: 3 }), { trainSize: 200, testSize: 100, seed: 0 });
    const error = await errorOf(() => train(model, threeClasses, adam));
    expect(isRectifyError(error, 'SHAPE_MISMATCH')).toBe(true);
    expect(String(error)).toMatch(/3 classes but the model has 2 outputs/);
    const wide = buildModel(backend, { ...spec, inputs: 3 });
    expect(String(await errorOf(() => train(wide, circles, adam)))).toMatch(/has 2 features but the model takes 3/);
    model.dispose();
    wide.dispose();
  });
});

import { createCpuBackend } from '@rectify/backend-cpu';
import { afterAll, describe, expect, it } from 'vitest';
import { createSiteRegistry } from '../site/site-registry.js';
import { gridPoints, gridSize, planeExtent, playgroundData, playgroundModelSpec, TrainingRun } from './training-run.js';
import type { PlaygroundState } from './playground-state.js';
import { datasetRows, defaultState, trainRows } from './playground-state.js';

const registry = createSiteRegistry();
const backend = createCpuBackend({ registry });
afterAll(() => {
  backend.destroy();
});

describe('the playground model and data', () => {
  it('builds the trainer’s MLP spec with each hidden layer’s own activation, parameters, dropout and initialiser', () => {
    const state: PlaygroundState = {
      ...defaultState,
      hidden: [5, 3],
      activations: [
        { id: 'smooth/gelu', params: {} },
        { id: 'leaky_relu', params: { alpha: 0.2 } },
      ],
      dropout: 0.25,
      init: 'xavier_uniform',
    };
    expect(playgroundModelSpec(state)).toEqual({
      inputs: 2,
      layers: [
        { type: 'dense', units: 5, init: { name: 'xavier_uniform' } },
        { type: 'activation', id: 'smooth/gelu', params: {} },
        { type: 'dropout', rate: 0.25 },
        { type: 'dense', units: 3, init: { name: 'xavier_uniform' } },
        { type: 'activation', id: 'leaky_relu', params: { alpha: 0.2 } },
        { type: 'dropout', rate: 0.25 },
        { type: 'dense', units: 2, init: { name: 'xavier_uniform' } },
      ],
    });
    expect(playgroundModelSpec({ ...defaultState, hidden: [], activations: [] }).layers).toEqual([{ type: 'dense', units: 2, init: { name: 'he_normal' } }]);
  });

  it('splits the seeded data set in halves, the same for the same seed', () => {
    const data = playgroundData(defaultState);
    expect(data.train.rows).toBe(trainRows);
    expect(data.test.rows).toBe(datasetRows - trainRows);
    expect(playgroundData(defaultState).train.inputs).toEqual(data.train.inputs);
    expect(playgroundData({ ...defaultState, seed: 2 }).train.inputs).not.toEqual(data.train.inputs);
    const extent = planeExtent(data);
    for (const value of [...data.train.inputs, ...data.test.inputs]) expect(Math.abs(value)).toBeLessThan(extent);
  });

  it('lays the grid out row by row from the top-left corner', () => {
    const points = gridPoints(2, 4);
    expect(Array.from(points.subarray(0, 4))).toEqual([-1.5, 1.5, -0.5, 1.5]);
    expect(Array.from(points.subarray(-2))).toEqual([1.5, -1.5]);
  });
});

describe('a training run on the CPU backend', () => {
  it('trains an epoch at a time with falling loss, and reports every unit over the plane', async () => {
    const run = new TrainingRun(backend, { ...defaultState, hidden: [6, 4], activations: [{ id: 'relu', params: {} }, { id: 'tanh', params: {} }] });
    try {
      const initial = await run.initialSnapshot();
      expect(initial.epoch).toBe(0);
      expect(initial.gradNorms).toEqual([]);
      expect(initial.boundary).toHaveLength(gridSize * gridSize);
      expect(initial.layers.map((layer) => [layer.activationId, layer.units, layer.unitMaps.length, layer.unitStates.length])).toEqual([
        ['relu', 6, 6, 6],
        ['tanh', 4, 4, 4],
      ]);
      for (const map of initial.layers.flatMap((layer) => layer.unitMaps)) expect(map).toHaveLength(gridSize * gridSize);
      for (const p of initial.boundary) expect(p >= 0 && p <= 1).toBe(true);
      expect(initial.layers[1]?.unitStates.every((state) => state === 'alive')).toBe(true);

      let latest = initial;
      for (let epoch = 0; epoch < 8; epoch++) latest = await run.trainEpoch();
      expect(latest.epoch).toBe(8);
      expect(latest.steps).toBe(8 * (trainRows / defaultState.batchSize));
      expect(latest.gradNorms).toHaveLength(3);
      for (const norm of latest.gradNorms) expect(norm).toBeGreaterThan(0);
      expect(latest.trainLoss).toBeLessThan(initial.trainLoss * 0.8);
      expect(latest.testAccuracy).toBeGreaterThan(0.8);
    } finally {
      run.dispose();
    }
  });

  it('gives the same run for the same state, and another for another seed', async () => {
    const losses = async (seed: number): Promise<number[]> => {
      const run = new TrainingRun(backend, { ...defaultState, seed, dropout: 0.1 });
      try {
        await run.initialSnapshot();
        const values: number[] = [];
        for (let epoch = 0; epoch < 3; epoch++) values.push((await run.trainEpoch()).trainLoss);
        return values;
      } finally {
        run.dispose();
      }
    };
    const first = await losses(3);
    expect(await losses(3)).toEqual(first);
    expect(await losses(4)).not.toEqual(first);
  });

  it('rejects with the trainer’s divergence error when the loss stops being finite', async () => {
    const run = new TrainingRun(backend, { ...defaultState, hidden: [16, 16], activations: [{ id: 'identity', params: {} }, { id: 'identity', params: {} }], learningRate: 10 });
    try {
      await run.initialSnapshot();
      await expect(run.trainEpoch()).rejects.toThrow(/^Training diverged at step \d+/);
    } finally {
      run.dispose();
    }
  });
});

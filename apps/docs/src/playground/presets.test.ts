import { createCpuBackend } from '@rectify/backend-cpu';
import { afterAll, describe, expect, it } from 'vitest';
import { createSiteRegistry } from '../site/site-registry.js';
import type { PlaygroundSnapshot } from './training-run.js';
import { TrainingRun } from './training-run.js';
import { stateProblems } from './playground-state.js';
import { presetById, presets } from './presets.js';
import { decodeState, encodeState } from './url-state.js';

const registry = createSiteRegistry();
const backend = createCpuBackend({ registry });
afterAll(() => {
  backend.destroy();
});

/** Every snapshot of `epochs` epochs of a preset, epoch 0 first. */
async function trainPreset(id: string, epochs: number): Promise<PlaygroundSnapshot[]> {
  const preset = presetById(id);
  if (preset === undefined) throw new Error(`no preset ${id}`);
  const run = new TrainingRun(backend, preset.state);
  try {
    const snapshots = [await run.initialSnapshot()];
    for (let epoch = 0; epoch < epochs; epoch++) snapshots.push(await run.trainEpoch());
    return snapshots;
  } finally {
    run.dispose();
  }
}

const last = (snapshots: readonly PlaygroundSnapshot[]): PlaygroundSnapshot => {
  const snapshot = snapshots.at(-1);
  if (snapshot === undefined) throw new Error('no snapshot');
  return snapshot;
};

/** Mean training loss of the last five epochs: SGD at 2.5 makes single epochs jumpy. */
const recentLoss = (snapshots: readonly PlaygroundSnapshot[]): number => snapshots.slice(-5).reduce((sum, snapshot) => sum + snapshot.trainLoss, 0) / 5;

const died = (snapshot: PlaygroundSnapshot, layer: number): number => snapshot.layers[layer]?.unitStates.filter((state) => state === 'died').length ?? 0;

describe('the playground presets', () => {
  it('are valid states that survive the URL unchanged', () => {
    expect(presets.map((preset) => preset.id)).toEqual(['dying-relu', 'leaky-relu', 'deep-sigmoid']);
    for (const preset of presets) {
      expect(stateProblems(preset.state, registry), preset.id).toEqual([]);
      expect(decodeState(encodeState(preset.state), registry), preset.id).toEqual({ state: preset.state, problems: [] });
    }
  });

  it('the leaky ReLU preset differs from the dying ReLU one only in its activations', () => {
    const dying = presetById('dying-relu')?.state;
    const leaky = presetById('leaky-relu')?.state;
    expect({ ...leaky, activations: dying?.activations }).toEqual(dying);
    expect(leaky?.activations.every((layer) => layer.id === 'leaky_relu')).toBe(true);
  });

  it('dying ReLU: units die during training, the layers below get no gradient, and the loss stays at chance', async () => {
    const snapshots = await trainPreset('dying-relu', 24);
    const snapshot = last(snapshots);
    expect(died(snapshots[0] ?? snapshot, 2)).toBe(0);
    expect(died(snapshot, 2)).toBeGreaterThanOrEqual(6);
    expect(snapshot.layers[2]?.diagnostics.diedFraction).toBeGreaterThanOrEqual(0.75);
    expect(snapshot.gradNorms.slice(0, 3)).toEqual([0, 0, 0]);
    expect(recentLoss(snapshots)).toBeGreaterThan(0.65);
  });

  it('leaky ReLU: the same network keeps learning', async () => {
    const snapshots = await trainPreset('leaky-relu', 24);
    const snapshot = last(snapshots);
    expect(snapshot.gradNorms[0]).toBeGreaterThan(1e-2);
    expect(recentLoss(snapshots)).toBeLessThan(0.35);
    expect(snapshot.testAccuracy).toBeGreaterThan(0.85);
  });

  it('deep sigmoid: the first layer gets a gradient thousands of times smaller than the last, and the loss barely moves', async () => {
    const snapshot = last(await trainPreset('deep-sigmoid', 8));
    const first = snapshot.gradNorms[0] ?? Number.NaN;
    const output = snapshot.gradNorms.at(-1) ?? Number.NaN;
    expect(snapshot.gradNorms).toHaveLength(7);
    expect(first / output).toBeLessThan(1e-3);
    expect(snapshot.trainLoss).toBeGreaterThan(0.65);
  });
});

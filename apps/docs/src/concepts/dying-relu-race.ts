import type { Registry } from '@rectify/activation-core';
import { openPlaygroundBackend } from '../playground/backend-choice.js';
import type { PlaygroundView } from '../playground/playground-controller.js';
import { PlaygroundController } from '../playground/playground-controller.js';
import { presets } from '../playground/presets.js';

/** The playground presets the dying-ReLU page trains side by side: ReLU and leaky ReLU at the same high learning rate. */
export const raceRuns = ['dying-relu', 'leaky-relu'] as const;
export type RaceRun = (typeof raceRuns)[number];

export interface RacePoint {
  readonly epoch: number;
  /** Share of hidden units never positive on the training set, over all hidden layers. */
  readonly deadShare: number;
  readonly testLoss: number;
}

/** The dead share of a playground view: dead units over all hidden units, from the trainer's diagnostics. */
export function deadShare(view: PlaygroundView): number | undefined {
  const layers = view.snapshot?.layers;
  if (layers === undefined || layers.length === 0) return undefined;
  const units = layers.reduce((total, layer) => total + layer.units, 0);
  const dead = layers.reduce((total, layer) => total + layer.unitStates.filter((state) => state === 'died' || state === 'dead-at-init').length, 0);
  return dead / units;
}

/**
 * Trains both presets on the CPU backend for `epochs` epochs, reporting each run's dead share and
 * held-out loss after every epoch. Resolves when both are done; `stop` ends them early.
 */
export function raceDyingRelu(registry: Registry, epochs: number, onPoint: (run: RaceRun, point: RacePoint) => void): { readonly done: Promise<void>; stop(): void } {
  const controllers = raceRuns.map((id) => {
    const preset = presets.find((entry) => entry.id === id);
    if (preset === undefined) throw new Error(`no playground preset "${id}"`);
    let finished: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      finished = resolve;
    });
    let last = -1;
    const controller: PlaygroundController = new PlaygroundController(
      { ...preset.state, backend: 'cpu' },
      {
        openBackend: (preference) => openPlaygroundBackend(registry, preference, undefined),
        onChange: (view) => {
          const epoch = view.snapshot?.epoch;
          const share = deadShare(view);
          if (epoch !== undefined && epoch !== last && share !== undefined && view.snapshot !== undefined) {
            last = epoch;
            onPoint(id, { epoch, deadShare: share, testLoss: view.snapshot.testLoss });
            if (epoch >= epochs) void controller.pause().then(finished);
          }
          if (view.status === 'failed') finished();
        },
      },
    );
    return { controller, done };
  });
  const done = (async () => {
    for (const { controller } of controllers) await controller.open();
    for (const { controller } of controllers) controller.start();
    await Promise.all(controllers.map((entry) => entry.done));
    for (const { controller } of controllers) controller.dispose();
  })();
  return {
    done,
    stop() {
      for (const { controller } of controllers) controller.dispose();
    },
  };
}

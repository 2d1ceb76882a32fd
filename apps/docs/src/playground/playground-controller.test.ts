import { describe, expect, it } from 'vitest';
import { createSiteRegistry } from '../site/site-registry.js';
import { openPlaygroundBackend } from './backend-choice.js';
import type { PlaygroundView } from './playground-controller.js';
import { PlaygroundController } from './playground-controller.js';
import type { PlaygroundState } from './playground-state.js';
import { defaultState } from './playground-state.js';

const registry = createSiteRegistry();
const small: PlaygroundState = { ...defaultState, hidden: [4], activations: [{ id: 'relu', params: {} }] };

function controllerFor(state: PlaygroundState): { controller: PlaygroundController; views: PlaygroundView[] } {
  const views: PlaygroundView[] = [];
  const controller = new PlaygroundController(state, {
    openBackend: (preference) => openPlaygroundBackend(registry, preference, undefined),
    onChange: (view) => views.push(view),
  });
  return { controller, views };
}

const waitFor = async (condition: () => boolean, timeoutMs = 10_000): Promise<void> => {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('openPlaygroundBackend', () => {
  it('falls back to the CPU backend, saying why, when the browser has no WebGPU', async () => {
    const opened = await openPlaygroundBackend(registry, 'auto', undefined);
    try {
      expect(opened.kind).toBe('cpu');
      expect(opened.fallbackReason).toBe('this browser has no navigator.gpu');
      expect(opened.label).toMatch(/^CPU \((wasm-simd|interpreter)\): WebGPU unavailable \(this browser has no navigator.gpu\)$/);
      expect(opened.backend.registry.has('smooth/gelu')).toBe(true);
    } finally {
      opened.destroy();
    }
  });

  it('takes the CPU backend without a fallback note when asked for it', async () => {
    const opened = await openPlaygroundBackend(registry, 'cpu', undefined);
    expect(opened.kind).toBe('cpu');
    expect(opened.fallbackReason).toBeUndefined();
    expect(opened.label).toMatch(/^CPU \((wasm-simd|interpreter)\)$/);
    opened.destroy();
  });
});

describe('PlaygroundController', () => {
  it('opens at epoch 0, trains while running, yields to other tasks between epochs, and pauses', async () => {
    const { controller, views } = controllerFor(small);
    await controller.open();
    expect(controller.current.status).toBe('ready');
    expect(controller.current.backend?.kind).toBe('cpu');
    expect(controller.current.snapshot?.epoch).toBe(0);
    expect(controller.current.history.epochs).toEqual([0]);

    let ticks = 0;
    const ticker = setInterval(() => {
      ticks += 1;
    }, 0);
    controller.start();
    await waitFor(() => (controller.current.snapshot?.epoch ?? 0) >= 6);
    await controller.pause();
    clearInterval(ticker);
    const view = controller.current;
    expect(view.status).toBe('paused');
    // Timers ran while training: the page is not frozen.
    expect(ticks).toBeGreaterThanOrEqual(3);
    expect(view.history.epochs).toEqual(Array.from({ length: view.history.epochs.length }, (_, index) => index));
    expect(view.history.testLoss.at(-1)).toBeLessThan(view.history.testLoss[0] ?? 0);
    expect(view.history.gradNorms).toHaveLength(2);
    expect(view.history.gradNorms[0]?.[0]).toBeNull();
    expect(view.history.gradNorms[0]?.[1]).toBeGreaterThan(0);
    expect(views.map((entry) => entry.status)).toContain('running');

    const epoch = view.snapshot?.epoch ?? 0;
    await controller.step();
    expect(controller.current.snapshot?.epoch).toBe(epoch + 1);
    expect(controller.current.status).toBe('paused');
    controller.dispose();
  });

  it('starts over at epoch 0, paused, when the state changes, and reset repeats the same run', async () => {
    const { controller } = controllerFor(small);
    await controller.open();
    const initialLoss = controller.current.snapshot?.trainLoss;
    controller.start();
    await waitFor(() => (controller.current.snapshot?.epoch ?? 0) >= 2);
    await controller.setState({ ...small, hidden: [3, 3], activations: [{ id: 'tanh', params: {} }, { id: 'tanh', params: {} }] });
    expect(controller.current.status).toBe('ready');
    expect(controller.current.snapshot?.epoch).toBe(0);
    expect(controller.current.snapshot?.layers.map((layer) => layer.activationId)).toEqual(['tanh', 'tanh']);
    expect(controller.current.history.gradNorms).toHaveLength(3);

    await controller.setState(small);
    expect(controller.current.snapshot?.trainLoss).toBe(initialLoss);
    await controller.step();
    const afterOne = controller.current.snapshot?.trainLoss;
    await controller.reset();
    expect(controller.current.snapshot?.epoch).toBe(0);
    await controller.step();
    expect(controller.current.snapshot?.trainLoss).toBe(afterOne);
    controller.dispose();
  });

  it('stops with the trainer’s message when training diverges', async () => {
    const { controller } = controllerFor({ ...defaultState, hidden: [16, 16], activations: [{ id: 'identity', params: {} }, { id: 'identity', params: {} }], learningRate: 10 });
    await controller.open();
    controller.start();
    await waitFor(() => controller.current.status === 'failed');
    expect(controller.current.error).toMatch(/^Training diverged at step \d+ .*Try a lower learning rate or gradient clipping\.$/);
    controller.start();
    expect(controller.current.status).toBe('failed');
    await controller.reset();
    expect(controller.current.status).toBe('ready');
    expect(controller.current.error).toBeUndefined();
    controller.dispose();
  });

  it('reports a backend that cannot be opened instead of hanging', async () => {
    const views: PlaygroundView[] = [];
    const controller = new PlaygroundController(small, {
      openBackend: () => Promise.reject(new Error('no backend today')),
      onChange: (view) => views.push(view),
    });
    await controller.open();
    expect(controller.current.status).toBe('failed');
    expect(controller.current.error).toBe('no backend today');
    controller.dispose();
  });
});

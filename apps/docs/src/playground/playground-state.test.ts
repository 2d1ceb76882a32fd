import { describe, expect, it } from 'vitest';
import { createSiteRegistry } from '../site/site-registry.js';
import type { PlaygroundState } from './playground-state.js';
import { activationProblem, addLayer, defaultState, limits, removeLayer, setLayerActivation, setLayerParam, setLayerWidth, stateProblems } from './playground-state.js';

const registry = createSiteRegistry();

describe('the playground state', () => {
  it('adds a layer like the last one, up to the limit, and removes the last one', () => {
    const withGelu: PlaygroundState = setLayerActivation(setLayerWidth(defaultState, 1, 5), 1, 'smooth/gelu');
    const added = addLayer(withGelu);
    expect(added.hidden).toEqual([8, 5, 5]);
    expect(added.activations.map((layer) => layer.id)).toEqual(['relu', 'smooth/gelu', 'smooth/gelu']);
    let full = defaultState;
    for (let count = 0; count < 10; count++) full = addLayer(full);
    expect(full.hidden).toHaveLength(limits.layers.max);
    expect(removeLayer(added)).toEqual(withGelu);
    expect(removeLayer({ ...defaultState, hidden: [], activations: [] }).hidden).toEqual([]);
    expect(addLayer({ ...defaultState, hidden: [], activations: [] })).toEqual({ ...defaultState, hidden: [4], activations: [{ id: 'relu', params: {} }] });
  });

  it('resets the parameters when a layer gets another activation, and sets one parameter at a time', () => {
    const leaky = setLayerParam(setLayerActivation(defaultState, 0, 'leaky_relu'), 0, 'alpha', 0.2);
    expect(leaky.activations[0]).toEqual({ id: 'leaky_relu', params: { alpha: 0.2 } });
    expect(setLayerActivation(leaky, 0, 'elu').activations[0]).toEqual({ id: 'elu', params: {} });
    expect(leaky.activations[1]).toBe(defaultState.activations[1]);
  });

  it('names every problem of a state, with the registry’s checks for activations', () => {
    expect(stateProblems(defaultState, registry)).toEqual([]);
    const bad: PlaygroundState = {
      ...defaultState,
      learningRate: 0,
      batchSize: 2.5,
      hidden: [8, 0],
      activations: [{ id: 'swish', params: {} }],
    };
    expect(stateProblems(bad, registry)).toEqual([
      "layer 2's width must be a whole number from 1 to 16, got 0.",
      '2 hidden layers need as many activations, got 1.',
      'Layer 1: "swish" is not a registered activation.',
      'learning rate must be a number from 0.00001 to 10, got 0.',
      'batch size must be a whole number from 1 to 200, got 2.5.',
    ]);
    expect(activationProblem({ id: 'celu', params: { alpha: 0 } }, registry)).toMatch(/alpha/);
    expect(activationProblem({ id: 'smooth/silu', params: { beta: 2 } }, registry)).toBeUndefined();
  });
});

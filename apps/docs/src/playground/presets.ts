import type { LayerActivation, PlaygroundState } from './playground-state.js';
import { defaultState } from './playground-state.js';

export interface Preset {
  readonly id: string;
  readonly title: string;
  /** What to look at once it trains. */
  readonly description: string;
  readonly state: PlaygroundState;
}

const layers = (count: number, units: number, activation: LayerActivation): Pick<PlaygroundState, 'hidden' | 'activations'> => ({
  hidden: Array.from({ length: count }, () => units),
  activations: Array.from({ length: count }, () => activation),
});

/** Three hidden ReLU layers of 8 on the circles, SGD at 2.5 with gradients clipped to norm 1. */
const dyingRelu: PlaygroundState = {
  ...defaultState,
  dataset: 'circles',
  noise: 0.1,
  ...layers(3, 8, { id: 'relu', params: {} }),
  init: 'he_normal',
  learningRate: 2.5,
  clipNorm: 1,
  seed: 1,
};

export const presets: readonly Preset[] = [
  {
    id: 'dying-relu',
    title: 'Dying ReLU at a high learning rate',
    description:
      'Within a few epochs most units of the last hidden layers are never positive on any training point: they pass no gradient, so they never come back, and the layers before them stop learning (gradient norm 0). Clipping the gradient does not prevent it. The loss stays near 0.69, a coin toss.',
    state: dyingRelu,
  },
  {
    id: 'leaky-relu',
    title: 'The same with leaky ReLU',
    description:
      'The same network, data, seed and learning rate with leaky ReLU (slope 0.1 below 0). Units may still be pushed below 0 everywhere, but they keep a gradient, some come back (revived), and the network learns the circles. With the usual slope 0.01 the gradient is often too weak to recover: try it.',
    state: { ...dyingRelu, ...layers(3, 8, { id: 'leaky_relu', params: { alpha: 0.1 } }) },
  },
  {
    id: 'deep-sigmoid',
    title: 'Deep sigmoid network vanishes',
    description:
      "Six sigmoid layers with Xavier initialisation: each layer multiplies the gradient by at most sigmoid's largest slope, 1/4, so the layers next to the input get gradients thousands of times smaller than the last ones and the loss barely moves. Switch the activations to ReLU (and the initialiser to He) to compare.",
    state: {
      ...defaultState,
      dataset: 'circles',
      noise: 0.1,
      ...layers(6, 8, { id: 'sigmoid', params: {} }),
      init: 'xavier_normal',
      learningRate: 0.3,
      seed: 1,
    },
  },
];

export const presetById = (id: string): Preset | undefined => presets.find((preset) => preset.id === id);

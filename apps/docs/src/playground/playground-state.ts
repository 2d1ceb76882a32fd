import type { Registry } from '@rectify/activation-core';
import { resolveParams } from '@rectify/activation-core';
import type { InitializerName, SyntheticKind } from '@rectify/trainer';
import { initializerNames, syntheticKinds } from '@rectify/trainer';

/** A hidden layer's activation: a registered id and the parameter values that differ from the definition's defaults. */
export interface LayerActivation {
  readonly id: string;
  /** Learnable parameters (PReLU's slope) start from these values. */
  readonly params: Readonly<Record<string, number>>;
}

/** 'auto': WebGPU when the browser has an adapter, the CPU backend otherwise; 'cpu': always the CPU backend. */
export type BackendPreference = 'auto' | 'cpu';
export const backendPreferences: readonly BackendPreference[] = ['auto', 'cpu'];

/** Everything that defines a playground run; it all lives in the page URL. */
export interface PlaygroundState {
  readonly dataset: SyntheticKind;
  /** Noise added to each coordinate, in units of the data set's radius (1). */
  readonly noise: number;
  /** Units of each hidden layer, input side first. */
  readonly hidden: readonly number[];
  /** The activation of each hidden layer (same length as `hidden`). */
  readonly activations: readonly LayerActivation[];
  readonly init: InitializerName;
  /** Plain SGD, as TensorFlow Playground. */
  readonly learningRate: number;
  readonly batchSize: number;
  readonly l1: number;
  readonly l2: number;
  /** Dropout rate after each hidden layer; 0 for none. */
  readonly dropout: number;
  /** Clip gradients to this global L2 norm; 0 for no clipping. */
  readonly clipNorm: number;
  /** Seed of the data, the initial weights, the shuffling and dropout. */
  readonly seed: number;
  readonly backend: BackendPreference;
}

export const defaultState: PlaygroundState = {
  dataset: 'circles',
  noise: 0.1,
  hidden: [8, 8],
  activations: [
    { id: 'relu', params: {} },
    { id: 'relu', params: {} },
  ],
  init: 'he_normal',
  learningRate: 0.1,
  batchSize: 10,
  l1: 0,
  l2: 0,
  dropout: 0,
  clipNorm: 0,
  seed: 1,
  backend: 'auto',
};

export interface NumberRange {
  readonly min: number;
  readonly max: number;
  /** Whole numbers only. */
  readonly integer?: boolean;
}

/** What the controls offer and what a URL may ask for. */
export const limits = {
  noise: { min: 0, max: 0.5 },
  layers: { min: 0, max: 6, integer: true },
  width: { min: 1, max: 16, integer: true },
  learningRate: { min: 1e-5, max: 10 },
  batchSize: { min: 1, max: 200, integer: true },
  l1: { min: 0, max: 0.1 },
  l2: { min: 0, max: 0.1 },
  dropout: { min: 0, max: 0.9 },
  clipNorm: { min: 0, max: 100 },
  seed: { min: 0, max: 2 ** 31 - 1, integer: true },
} as const satisfies Readonly<Record<string, NumberRange>>;

/** Rows of each data set: half for training, half held out, as TensorFlow Playground. */
export const datasetRows = 400;
export const trainRows = 200;

export const datasetChoices: readonly SyntheticKind[] = syntheticKinds;
export const initializerChoices: readonly InitializerName[] = initializerNames;

export const inRange = (value: number, range: NumberRange): boolean => Number.isFinite(value) && value >= range.min && value <= range.max && (range.integer !== true || Number.isInteger(value));

/** Why an activation cannot be used (unknown id, parameter unknown or out of range), or undefined when it can. */
export function activationProblem(activation: LayerActivation, registry: Registry): string | undefined {
  if (!registry.has(activation.id)) return `"${activation.id}" is not a registered activation.`;
  try {
    resolveParams(registry.get(activation.id), activation.params);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Everything wrong with a state, one sentence each (empty when it is usable). `registry` holds the
 * site's activations: the built-ins plus the plugins of rectify.config.ts.
 */
export function stateProblems(state: PlaygroundState, registry: Registry): string[] {
  const problems: string[] = [];
  const checkNumber = (name: string, value: number, range: NumberRange): void => {
    if (!inRange(value, range)) problems.push(`${name} must be ${range.integer === true ? 'a whole number' : 'a number'} from ${range.min} to ${range.max}, got ${value}.`);
  };
  if (!datasetChoices.includes(state.dataset)) problems.push(`Unknown data set "${state.dataset}".`);
  checkNumber('noise', state.noise, limits.noise);
  checkNumber('the number of hidden layers', state.hidden.length, limits.layers);
  state.hidden.forEach((units, layer) => {
    checkNumber(`layer ${layer + 1}'s width`, units, limits.width);
  });
  if (state.activations.length !== state.hidden.length) problems.push(`${state.hidden.length} hidden layers need as many activations, got ${state.activations.length}.`);
  state.activations.forEach((activation, layer) => {
    const problem = activationProblem(activation, registry);
    if (problem !== undefined) problems.push(`Layer ${layer + 1}: ${problem}`);
  });
  if (!initializerChoices.includes(state.init)) problems.push(`Unknown initialiser "${state.init}".`);
  checkNumber('learning rate', state.learningRate, limits.learningRate);
  checkNumber('batch size', state.batchSize, limits.batchSize);
  checkNumber('L1', state.l1, limits.l1);
  checkNumber('L2', state.l2, limits.l2);
  checkNumber('dropout', state.dropout, limits.dropout);
  checkNumber('gradient clipping', state.clipNorm, limits.clipNorm);
  checkNumber('seed', state.seed, limits.seed);
  if (!backendPreferences.includes(state.backend)) problems.push(`Unknown backend preference "${state.backend}".`);
  return problems;
}

export const defaultActivation: LayerActivation = { id: 'relu', params: {} };

/** One more hidden layer at the output side, as wide as and with the activation of the last one. */
export function addLayer(state: PlaygroundState): PlaygroundState {
  if (state.hidden.length >= limits.layers.max) return state;
  return {
    ...state,
    hidden: [...state.hidden, state.hidden.at(-1) ?? 4],
    activations: [...state.activations, state.activations.at(-1) ?? defaultActivation],
  };
}

/** Removes the hidden layer nearest the output. */
export function removeLayer(state: PlaygroundState): PlaygroundState {
  if (state.hidden.length === 0) return state;
  return { ...state, hidden: state.hidden.slice(0, -1), activations: state.activations.slice(0, -1) };
}

export function setLayerWidth(state: PlaygroundState, layer: number, units: number): PlaygroundState {
  return { ...state, hidden: state.hidden.map((current, index) => (index === layer ? units : current)) };
}

/** A new activation for a layer, with its parameters at their defaults. */
export function setLayerActivation(state: PlaygroundState, layer: number, id: string): PlaygroundState {
  return { ...state, activations: state.activations.map((current, index) => (index === layer ? { id, params: {} } : current)) };
}

export function setLayerParam(state: PlaygroundState, layer: number, name: string, value: number): PlaygroundState {
  return { ...state, activations: state.activations.map((current, index) => (index === layer ? { id: current.id, params: { ...current.params, [name]: value } } : current)) };
}

export const sameState = (a: PlaygroundState, b: PlaygroundState): boolean => JSON.stringify(a) === JSON.stringify(b);

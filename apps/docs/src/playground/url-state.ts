import type { Registry } from '@rectify/activation-core';
import type { InitializerName, SyntheticKind } from '@rectify/trainer';
import type { BackendPreference, LayerActivation, NumberRange, PlaygroundState } from './playground-state.js';
import { activationProblem, backendPreferences, datasetChoices, defaultActivation, defaultState, inRange, initializerChoices, limits } from './playground-state.js';

/** The query-string key of each setting. */
export const urlKeys = {
  dataset: 'data',
  noise: 'noise',
  hidden: 'layers',
  activations: 'act',
  init: 'init',
  learningRate: 'lr',
  batchSize: 'batch',
  l1: 'l1',
  l2: 'l2',
  dropout: 'dropout',
  clipNorm: 'clip',
  seed: 'seed',
  backend: 'backend',
} as const satisfies Readonly<Record<keyof PlaygroundState, string>>;

const knownKeys = new Set<string>(Object.values(urlKeys));

/** Commas, slashes, `=` and `;` are legal in a query value: leaving them readable keeps `act=leaky_relu(alpha=0.2),smooth/gelu` legible. */
const encodeValue = (value: string): string => encodeURIComponent(value).replace(/%2C/g, ',').replace(/%2F/g, '/').replace(/%3D/g, '=').replace(/%3B/g, ';');

/** `relu`, or `leaky_relu(alpha=0.2)` with parameters: `name=value` pairs separated by `;`. */
export function encodeActivation(activation: LayerActivation): string {
  const params = Object.entries(activation.params);
  return params.length === 0 ? activation.id : `${activation.id}(${params.map(([name, value]) => `${name}=${value}`).join(';')})`;
}

const numberPattern = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The inverse of `encodeActivation`; a description of the problem instead when the text does not name a usable activation. */
export function decodeActivation(text: string, registry: Registry): LayerActivation | string {
  const match = /^([^()]+)(?:\((.*)\))?$/.exec(text);
  const id = match?.[1];
  if (match === null || id === undefined) return `${JSON.stringify(text)} is not an activation id, optionally followed by (name=value;...).`;
  const entries: [string, number][] = [];
  const paramsText = match[2];
  if (paramsText !== undefined && paramsText !== '') {
    for (const pair of paramsText.split(';')) {
      const [name, value, ...rest] = pair.split('=');
      if (name === undefined || name === '' || value === undefined || rest.length > 0 || !numberPattern.test(value)) return `${JSON.stringify(pair)} in ${JSON.stringify(text)} is not name=number.`;
      entries.push([name, Number(value)]);
    }
  }
  // fromEntries defines own properties, so a name such as __proto__ is just an unknown parameter.
  const activation: LayerActivation = { id, params: Object.fromEntries(entries) };
  return activationProblem(activation, registry) ?? activation;
}

/** The whole state as a query string (without `?`), every setting written out so the link means the same thing later. */
export function encodeState(state: PlaygroundState): string {
  const entries: [string, string][] = [
    [urlKeys.dataset, state.dataset],
    [urlKeys.noise, String(state.noise)],
    [urlKeys.hidden, state.hidden.join(',')],
    [urlKeys.activations, state.activations.map(encodeActivation).join(',')],
    [urlKeys.init, state.init],
    [urlKeys.learningRate, String(state.learningRate)],
    [urlKeys.batchSize, String(state.batchSize)],
    [urlKeys.l1, String(state.l1)],
    [urlKeys.l2, String(state.l2)],
    [urlKeys.dropout, String(state.dropout)],
    [urlKeys.clipNorm, String(state.clipNorm)],
    [urlKeys.seed, String(state.seed)],
    [urlKeys.backend, state.backend],
  ];
  return entries.map(([key, value]) => `${key}=${encodeValue(value)}`).join('&');
}

export interface DecodedState {
  readonly state: PlaygroundState;
  /** One sentence per value that could not be used, naming what was used instead. Empty for a clean URL. */
  readonly problems: readonly string[];
}

const describeRange = (range: NumberRange): string => `${range.integer === true ? 'a whole number' : 'a number'} from ${range.min} to ${range.max}`;

/**
 * Reads a state from a query string (with or without `?`). Settings that are absent take their
 * defaults; a value that cannot be used is replaced by the default and reported in `problems`, so
 * the page can say what it changed. `registry` holds the site's activations (built-ins and plugins).
 */
export function decodeState(search: string, registry: Registry): DecodedState {
  const params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const problems: string[] = [];
  const shown = (value: string): string => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

  for (const key of new Set(params.keys())) {
    if (!knownKeys.has(key)) problems.push(`Unknown setting ${shown(key)} ignored.`);
  }
  const raw = (key: string): string | undefined => {
    const values = params.getAll(key);
    if (values.length > 1) problems.push(`${key} is given ${values.length} times; the first value is used.`);
    return values[0];
  };

  const number = (key: string, range: NumberRange, fallback: number): number => {
    const text = raw(key);
    if (text === undefined) return fallback;
    const value = numberPattern.test(text.trim()) ? Number(text) : Number.NaN;
    if (Number.isNaN(value)) {
      problems.push(`${key}: ${shown(text)} is not a number; using the default ${fallback}.`);
      return fallback;
    }
    if (!inRange(value, range)) {
      problems.push(`${key}: ${text} is not ${describeRange(range)}; using the default ${fallback}.`);
      return fallback;
    }
    return value;
  };

  const choice = <T extends string>(key: string, choices: readonly T[], fallback: T): T => {
    const text = raw(key);
    if (text === undefined) return fallback;
    const found = choices.find((candidate) => candidate === text);
    if (found === undefined) {
      problems.push(`${key}: ${shown(text)} is not one of ${choices.join(', ')}; using the default ${fallback}.`);
      return fallback;
    }
    return found;
  };

  const dataset = choice<SyntheticKind>(urlKeys.dataset, datasetChoices, defaultState.dataset);
  const init = choice<InitializerName>(urlKeys.init, initializerChoices, defaultState.init);
  const backend = choice<BackendPreference>(urlKeys.backend, backendPreferences, defaultState.backend);

  let hidden: readonly number[] = defaultState.hidden;
  const layersText = raw(urlKeys.hidden);
  if (layersText !== undefined) {
    const widths = layersText === '' ? [] : layersText.split(',').map((part) => (numberPattern.test(part.trim()) ? Number(part) : Number.NaN));
    if (widths.length > limits.layers.max) {
      problems.push(`${urlKeys.hidden}: ${widths.length} hidden layers is more than ${limits.layers.max}; using the default ${defaultState.hidden.join(',')}.`);
    } else if (!widths.every((units) => inRange(units, limits.width))) {
      problems.push(`${urlKeys.hidden}: ${shown(layersText)} is not a comma-separated list of widths, each ${describeRange(limits.width)}; using the default ${defaultState.hidden.join(',')}.`);
    } else {
      hidden = widths;
    }
  }

  let activations: LayerActivation[];
  const activationText = raw(urlKeys.activations);
  if (activationText === undefined) {
    // No activations given: the default one for every layer (the layer count may come from the URL).
    activations = hidden.map((_, index) => defaultState.activations[index] ?? defaultActivation);
  } else {
    const given = activationText === '' ? [] : activationText.split(',');
    activations = given.slice(0, hidden.length).map((text, layer) => {
      const decoded = decodeActivation(text, registry);
      if (typeof decoded !== 'string') return decoded;
      problems.push(`${urlKeys.activations}: layer ${layer + 1}: ${decoded} Using ${encodeActivation(defaultActivation)}.`);
      return defaultActivation;
    });
    if (given.length > hidden.length) problems.push(`${urlKeys.activations}: ${given.length} activations for ${hidden.length} hidden layers; the extra ones are ignored.`);
    if (given.length < hidden.length) {
      const filler = activations.at(-1) ?? defaultActivation;
      problems.push(`${urlKeys.activations}: ${given.length} activations for ${hidden.length} hidden layers; the missing ones use ${encodeActivation(filler)}.`);
      while (activations.length < hidden.length) activations.push(filler);
    }
  }

  const state: PlaygroundState = {
    dataset,
    noise: number(urlKeys.noise, limits.noise, defaultState.noise),
    hidden,
    activations,
    init,
    learningRate: number(urlKeys.learningRate, limits.learningRate, defaultState.learningRate),
    batchSize: number(urlKeys.batchSize, limits.batchSize, defaultState.batchSize),
    l1: number(urlKeys.l1, limits.l1, defaultState.l1),
    l2: number(urlKeys.l2, limits.l2, defaultState.l2),
    dropout: number(urlKeys.dropout, limits.dropout, defaultState.dropout),
    clipNorm: number(urlKeys.clipNorm, limits.clipNorm, defaultState.clipNorm),
    seed: number(urlKeys.seed, limits.seed, defaultState.seed),
    backend,
  };
  return { state, problems };
}

/** The page's address for a state, keeping its path and any `#anchor`. */
export function stateUrl(location: { readonly pathname: string; readonly hash: string }, state: PlaygroundState): string {
  return `${location.pathname}?${encodeState(state)}${location.hash}`;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSiteRegistry } from '../site/site-registry.js';
import type { LayerActivation, PlaygroundState } from './playground-state.js';
import { backendPreferences, datasetChoices, defaultState, initializerChoices, limits, stateProblems } from './playground-state.js';
import { decodeActivation, decodeState, encodeActivation, encodeState, stateUrl } from './url-state.js';

const registry = createSiteRegistry();
const ids = registry.list().map((definition) => definition.id);

/** A value within `range` that survives String() and Number() unchanged. */
const inRange = (range: { readonly min: number; readonly max: number; readonly integer?: boolean }): fc.Arbitrary<number> =>
  range.integer === true ? fc.integer({ min: range.min, max: range.max }) : fc.double({ min: range.min, max: range.max, noNaN: true, noDefaultInfinity: true }).map((value) => (Object.is(value, -0) ? 0 : value));

const activation: fc.Arbitrary<LayerActivation> = fc.oneof(
  fc.constantFrom(...ids).map((id) => ({ id, params: {} })),
  fc.double({ min: 0, max: 1, noNaN: true }).map((alpha) => ({ id: 'leaky_relu', params: { alpha } })),
  fc.double({ min: 0.1, max: 3, noNaN: true }).map((alpha) => ({ id: 'elu', params: { alpha } })),
);

const states: fc.Arbitrary<PlaygroundState> = fc
  .record({
    dataset: fc.constantFrom(...datasetChoices),
    noise: inRange(limits.noise),
    layers: fc.array(fc.tuple(inRange(limits.width), activation), { maxLength: limits.layers.max }),
    init: fc.constantFrom(...initializerChoices),
    learningRate: inRange(limits.learningRate),
    batchSize: inRange(limits.batchSize),
    l1: inRange(limits.l1),
    l2: inRange(limits.l2),
    dropout: inRange(limits.dropout),
    clipNorm: inRange(limits.clipNorm),
    seed: inRange(limits.seed),
    backend: fc.constantFrom(...backendPreferences),
  })
  .map(({ layers, ...rest }) => ({ ...rest, hidden: layers.map(([units]) => units), activations: layers.map(([, layer]) => layer) }));

describe('the playground URL', () => {
  it('gives back every valid state it encodes, with no problems', () => {
    fc.assert(
      fc.property(states, (state) => {
        expect(stateProblems(state, registry)).toEqual([]);
        const decoded = decodeState(`?${encodeState(state)}`, registry);
        expect(decoded.problems).toEqual([]);
        expect(decoded.state).toEqual(state);
      }),
      { numRuns: 300 },
    );
  });

  it('writes a readable query with every setting, plugin ids and parameters included', () => {
    const state: PlaygroundState = {
      ...defaultState,
      hidden: [4, 3],
      activations: [
        { id: 'smooth/gelu', params: {} },
        { id: 'leaky_relu', params: { alpha: 0.2 } },
      ],
    };
    expect(encodeState(state)).toBe('data=circles&noise=0.1&layers=4,3&act=smooth/gelu,leaky_relu(alpha=0.2)&init=he_normal&lr=0.1&batch=10&l1=0&l2=0&dropout=0&clip=0&seed=1&backend=auto');
    expect(decodeState(new URL(`https://example.org/playground?${encodeState(state)}`).search, registry).state).toEqual(state);
  });

  it('survives the browser percent-encoding the characters the encoder leaves readable', () => {
    const state: PlaygroundState = { ...defaultState, hidden: [2], activations: [{ id: 'rrelu', params: { lower: 0.1, upper: 0.2 } }] };
    // URLSearchParams escapes every one of them: %2C, %2F, %28, %3D, %3B, %29.
    const escaped = new URLSearchParams(encodeState(state)).toString();
    expect(escaped).toContain('act=rrelu%28lower%3D0.1%3Bupper%3D0.2%29');
    expect(decodeState(escaped, registry)).toEqual({ state, problems: [] });
  });

  it('takes the defaults, silently, for settings that are absent', () => {
    expect(decodeState('', registry)).toEqual({ state: defaultState, problems: [] });
    expect(decodeState('?', registry)).toEqual({ state: defaultState, problems: [] });
    const { state, problems } = decodeState('?layers=5,5,5', registry);
    expect(problems).toEqual([]);
    expect(state.hidden).toEqual([5, 5, 5]);
    expect(state.activations.map((layer) => layer.id)).toEqual(['relu', 'relu', 'relu']);
    expect(decodeState('?layers=&act=', registry)).toEqual({ state: { ...defaultState, hidden: [], activations: [] }, problems: [] });
  });

  it.each([
    ['lr=abc', 'lr: "abc" is not a number; using the default 0.1.', { learningRate: 0.1 }],
    ['lr=', 'lr: "" is not a number; using the default 0.1.', {}],
    ['lr=0x10', 'lr: "0x10" is not a number; using the default 0.1.', {}],
    ['lr=50', 'lr: 50 is not a number from 0.00001 to 10; using the default 0.1.', {}],
    ['lr=-1', 'lr: -1 is not a number from 0.00001 to 10; using the default 0.1.', {}],
    ['batch=2.5', 'batch: 2.5 is not a whole number from 1 to 200; using the default 10.', {}],
    ['dropout=1', 'dropout: 1 is not a number from 0 to 0.9; using the default 0.', {}],
    ['noise=Infinity', 'noise: "Infinity" is not a number; using the default 0.1.', {}],
    ['data=moons', 'data: "moons" is not one of spiral, circles, xor, gaussian; using the default circles.', {}],
    ['init=glorot', `init: "glorot" is not one of ${initializerChoices.join(', ')}; using the default he_normal.`, {}],
    ['backend=tpu', 'backend: "tpu" is not one of auto, cpu; using the default auto.', {}],
    ['layers=8,x', 'layers: "8,x" is not a comma-separated list of widths, each a whole number from 1 to 16; using the default 8,8.', {}],
    ['layers=8,0', 'layers: "8,0" is not a comma-separated list of widths, each a whole number from 1 to 16; using the default 8,8.', {}],
    ['layers=1,1,1,1,1,1,1', 'layers: 7 hidden layers is more than 6; using the default 8,8.', {}],
    ['colour=red', 'Unknown setting "colour" ignored.', {}],
    ['lr=0.5&lr=0.2', 'lr is given 2 times; the first value is used.', { learningRate: 0.5 }],
  ])('reports %s and falls back to the default', (query, problem, expected) => {
    const { state, problems } = decodeState(`?${query}`, registry);
    expect(problems).toEqual([problem]);
    expect(state).toEqual({ ...defaultState, ...expected });
    expect(stateProblems(state, registry)).toEqual([]);
  });

  it('reports each unusable activation by layer and replaces it with ReLU', () => {
    const { state, problems } = decodeState('?layers=3,3,3,3&act=relu,swish,leaky_relu(alpha=abc),prelu(beta=1)', registry);
    expect(state.activations).toEqual([
      { id: 'relu', params: {} },
      { id: 'relu', params: {} },
      { id: 'relu', params: {} },
      { id: 'relu', params: {} },
    ]);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toBe('act: layer 2: "swish" is not a registered activation. Using relu.');
    expect(problems[1]).toBe('act: layer 3: "alpha=abc" in "leaky_relu(alpha=abc)" is not name=number. Using relu.');
    expect(problems[2]).toMatch(/^act: layer 4: "prelu" has no parameter "beta"\. .*Using relu\.$/);
  });

  it('reports a parameter outside its range with the registry’s own message', () => {
    const { problems } = decodeState('?layers=2&act=celu(alpha=-1)', registry);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^act: layer 1: .*alpha.* Using relu\.$/);
    expect(decodeActivation('__proto__(x=1)', registry)).toBe('"__proto__" is not a registered activation.');
    expect(decodeActivation('relu(__proto__=1)', registry)).toMatch(/has no parameter "__proto__"/);
  });

  it('pads missing activations with the last one and drops extra ones, saying so', () => {
    const fewer = decodeState('?layers=4,4,4&act=tanh', registry);
    expect(fewer.state.activations.map((layer) => layer.id)).toEqual(['tanh', 'tanh', 'tanh']);
    expect(fewer.problems).toEqual(['act: 1 activations for 3 hidden layers; the missing ones use tanh.']);
    const more = decodeState('?layers=4&act=tanh,relu', registry);
    expect(more.state.activations.map((layer) => layer.id)).toEqual(['tanh']);
    expect(more.problems).toEqual(['act: 2 activations for 1 hidden layers; the extra ones are ignored.']);
  });

  it('encodes activations without parameters as their bare id', () => {
    expect(encodeActivation({ id: 'relu', params: {} })).toBe('relu');
    expect(encodeActivation({ id: 'rrelu', params: { lower: 0.1, upper: 0.2 } })).toBe('rrelu(lower=0.1;upper=0.2)');
    expect(decodeActivation('rrelu(lower=0.1;upper=0.2)', registry)).toEqual({ id: 'rrelu', params: { lower: 0.1, upper: 0.2 } });
  });

  it('keeps the page path and anchor when it writes the state into the address', () => {
    expect(stateUrl({ pathname: '/playground', hash: '#how-it-runs' }, defaultState)).toBe(`/playground?${encodeState(defaultState)}#how-it-runs`);
  });
});

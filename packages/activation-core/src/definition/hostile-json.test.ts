import { describe, expect, it } from 'vitest';
import { builtinActivations } from '../builtins/index.js';
import { relu } from '../builtins/relu.js';
import { isRectifyError } from '../errors.js';
import type { RectifyErrorCode } from '../errors.js';
import { maxExpressionDepth, maxExpressionNodes } from '../ir/parse.js';
import { definePlugin } from '../registry/plugin.js';
import { createRegistry } from '../registry/registry.js';
import { hostileButValidDefinitions, injectionTexts } from '../testing/hostile-definitions.js';
import type { ActivationDefinition } from './definition.js';
import { definitionFromJSON, definitionToJSON } from './json.js';

type Json = Record<string, unknown>;
const input: Json = { op: 'input' };
const base = (forward: unknown): Json => ({ id: 'acme/hostile', specVersion: 1, params: {}, forward, docs: { name: 'Hostile', latex: 'f(x)', description: 'A test.' } });

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

function expectRejected(run: () => unknown, code: RectifyErrorCode, message?: RegExp): void {
  const error = errorOf(run);
  expect(isRectifyError(error, code), `expected ${code}, got ${String(error)}`).toBe(true);
  if (message !== undefined) expect((error as Error).message).toMatch(message);
}

/** A definition-shaped object that never went through defineActivation, as a plugin could hand over. */
const handBuilt = (value: unknown): ActivationDefinition => value as ActivationDefinition;

const nested = (depth: number): Json => {
  let expression = input;
  for (let level = 0; level < depth; level++) expression = { op: 'neg', args: [expression] };
  return expression;
};

describe('hostile plugin definitions from JSON', () => {
  it.each(injectionTexts)('rejects an id or a parameter name carrying %j', (text) => {
    expectRejected(() => definitionFromJSON({ ...base(input), id: `acme/${text}` }), 'INVALID_IDENTIFIER');
    expectRejected(() => definitionFromJSON({ ...base({ op: 'param', name: text }), params: { [text]: { default: 1, description: 'd' } } }), 'INVALID_IDENTIFIER');
  });

  it('keeps code in descriptions as inert text', () => {
    for (const text of injectionTexts) {
      const definition = definitionFromJSON({ ...base(input), docs: { name: text, latex: text, description: text, conventions: text } });
      expect(definition.docs.description).toBe(text);
    }
    expect('pwned' in globalThis).toBe(false);
  });

  it('rejects an expression nested ten thousand deep with a typed error, quickly', () => {
    const started = performance.now();
    expectRejected(() => definitionFromJSON(base(nested(10_000))), 'MALFORMED_DEFINITION', new RegExp(`deeper than ${maxExpressionDepth}`));
    // The same as JSON text, as a plugin file would arrive (built by hand: JSON.stringify itself recurses).
    const text = JSON.stringify(base({ op: 'marker' })).replace('{"op":"marker"}', `${'{"op":"neg","args":['.repeat(10_000)}{"op":"input"}${']}'.repeat(10_000)}`);
    expectRejected(() => definitionFromJSON(text), 'MALFORMED_DEFINITION');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(definitionFromJSON(base(nested(maxExpressionDepth - 1))).id).toBe('acme/hostile');
  });

  it('rejects an expression of a hundred thousand nodes', () => {
    // A balanced tree of about 100,000 nodes, shallow enough to pass the depth check.
    const level: Json[] = Array.from({ length: 50_000 }, () => ({ op: 'add', args: [input, input] }));
    while (level.length > 1) {
      const next: Json[] = [];
      for (let index = 0; index < level.length; index += 2) next.push(level[index + 1] === undefined ? (level[index] ?? input) : { op: 'max', args: [level[index], level[index + 1]] });
      level.splice(0, level.length, ...next);
    }
    const wide = level[0] ?? input;
    expectRejected(() => definitionFromJSON(base(wide)), 'MALFORMED_DEFINITION', new RegExp(`more than ${maxExpressionNodes} nodes`));
  });

  it('rejects a cycle in a hand-built object graph', () => {
    const loop: Json = { op: 'neg', args: [] };
    (loop['args'] as unknown[]).push({ op: 'abs', args: [loop] });
    expectRejected(() => definitionFromJSON(base(loop)), 'MALFORMED_DEFINITION', /refers back to itself/);
    const selfCondition: Json = { op: 'select', args: [input, input] };
    selfCondition['cond'] = { op: 'gt', args: [selfCondition, input] };
    expectRejected(() => definitionFromJSON(base(selfCondition)), 'MALFORMED_DEFINITION', /refers back to itself/);
  });

  it('counts a shared subtree at every use, so a small object graph cannot unfold exponentially', () => {
    let shared: Json = input;
    for (let level = 0; level < 60; level++) shared = { op: 'add', args: [shared, shared] };
    expectRejected(() => definitionFromJSON(base(shared)), 'MALFORMED_DEFINITION', /more than \d+ nodes/);
  });

  it.each([
    [1e39, /overflows/],
    [-Number.MAX_VALUE, /overflows/],
    [1e-46, /underflows/],
    [Number.MIN_VALUE, /underflows/],
  ])('rejects the constant %d, which float32 cannot hold', (value, message) => {
    expectRejected(() => definitionFromJSON(base({ op: 'const', value })), 'NON_FINITE_CONSTANT', message);
  });

  it('rejects non-numeric and non-finite constants, also from JSON text', () => {
    expectRejected(() => definitionFromJSON('{"id":"acme/c","specVersion":1,"params":{},"forward":{"op":"const","value":1e999},"docs":{"name":"C","latex":"c","description":"c"}}'), 'NON_FINITE_CONSTANT');
    for (const value of ['1', null, [], {}, true, Number.NaN]) expectRejected(() => definitionFromJSON(base({ op: 'const', value })), 'NON_FINITE_CONSTANT');
  });

  it('does not let prototype keys through or pollute Object.prototype', () => {
    const polluted = (): boolean => ({}) instanceof Object && 'polluted' in {};
    const cases: [string, RectifyErrorCode][] = [
      ['{"__proto__":{"polluted":true},"id":"acme/p","specVersion":1,"params":{},"forward":{"op":"input"},"docs":{"name":"P","latex":"p","description":"p"}}', 'MALFORMED_DEFINITION'],
      ['{"id":"acme/p","specVersion":1,"params":{"__proto__":{"default":1,"description":"d"}},"forward":{"op":"input"},"docs":{"name":"P","latex":"p","description":"p"}}', 'INVALID_IDENTIFIER'],
      ['{"id":"acme/p","specVersion":1,"params":{"constructor":{"default":1,"description":"d"}},"forward":{"op":"input"},"docs":{"name":"P","latex":"p","description":"p"}}', 'INVALID_IDENTIFIER'],
      ['{"id":"acme/p","specVersion":1,"params":{},"forward":{"op":"param","name":"__proto__"},"docs":{"name":"P","latex":"p","description":"p"}}', 'INVALID_IDENTIFIER'],
      ['{"id":"acme/p","specVersion":1,"params":{},"forward":{"op":"input"},"paramDerivatives":{"__proto__":{"op":"input"}},"docs":{"name":"P","latex":"p","description":"p"}}', 'UNKNOWN_PARAMETER'],
      ['{"id":"acme/p","specVersion":1,"params":{},"forward":{"op":"input"},"docs":{"name":"P","latex":"p","description":"p","__proto__":{"polluted":true}}}', 'MALFORMED_DEFINITION'],
      ['{"id":"acme/p","specVersion":1,"params":{},"forward":{"op":"input"},"docs":{"name":"P","latex":"p","description":"p","aliases":{"constructor":"x"}}}', 'MALFORMED_DEFINITION'],
      ['{"id":"__proto__","specVersion":1,"params":{},"forward":{"op":"input"},"docs":{"name":"P","latex":"p","description":"p"}}', 'INVALID_IDENTIFIER'],
    ];
    for (const [text, code] of cases) expectRejected(() => definitionFromJSON(text), code);
    expect(polluted()).toBe(false);
  });

  it('does not copy fields the docs do not define, nor read through cycles in them', () => {
    const docs: Json = { name: 'D', latex: 'd', description: 'd' };
    docs['aliases'] = docs;
    expectRejected(() => definitionFromJSON({ ...base(input), docs }), 'MALFORMED_DEFINITION', /docs\.aliases has an unknown field/);
    expectRejected(() => definitionFromJSON({ ...base(input), docs: { name: 'D', latex: 'd', description: 'd', paper: { title: 't', url: 'javascript:alert(1)' } } }), 'MALFORMED_DEFINITION', /http\(s\) address/);
    const withAlias = (keras: unknown): unknown => ({ ...base(input), params: { alpha: { default: 0.01, description: 'slope' } }, docs: { name: 'D', latex: 'd', description: 'd', aliases: { keras } } });
    expect(definitionFromJSON(withAlias({ name: 'LeakyReLU', defaults: { alpha: 0.3 }, note: 'n' })).docs.aliases?.keras).toEqual({ name: 'LeakyReLU', defaults: { alpha: 0.3 }, note: 'n' });
    expectRejected(() => definitionFromJSON(withAlias({ name: 'LeakyReLU', defaults: { beta: 0.3 } })), 'MALFORMED_DEFINITION', /defaults has an unknown field "beta"/);
    expectRejected(() => definitionFromJSON(withAlias({ name: 'LeakyReLU', defaults: { alpha: '0.3' } })), 'MALFORMED_DEFINITION', /must be a finite number/);
    expectRejected(() => definitionFromJSON(withAlias({ defaults: { alpha: 0.3 } })), 'MALFORMED_DEFINITION', /name must be a non-empty string/);
  });

  it('refuses a plugin or a JSON definition that re-registers a built-in id with a different definition', () => {
    const registry = createRegistry({ activations: builtinActivations });
    const fakeRelu = definitionFromJSON({ ...JSON.parse(JSON.stringify(definitionToJSON(relu))), forward: { op: 'neg', args: [input] } } as Json);
    expectRejected(() => {
      registry.register(fakeRelu);
    }, 'ID_COLLISION');
    expect(registry.get('relu')).toBe(relu);
    // A plugin's ids must sit under its namespace, so it cannot name a built-in at all.
    expectRejected(() => definePlugin({ name: 'evil', version: '1.0.0', namespace: 'evil', activations: [fakeRelu] }), 'INVALID_PLUGIN');
  });

  it('validates a hand-built definition again before registering it', () => {
    const registry = createRegistry({ activations: builtinActivations });
    const forged = handBuilt(Object.freeze({ ...relu, id: 'acme/forged', forward: Object.freeze({ op: 'const', value: '1); process.exit(1); (' }) }));
    expectRejected(() => {
      registry.register(forged);
    }, 'NON_FINITE_CONSTANT');
    const cyclic = { ...relu, id: 'acme/cyclic', forward: { op: 'neg', args: [] as unknown[] } };
    cyclic.forward.args.push(cyclic.forward);
    expectRejected(
      () => {
        registry.register(handBuilt(cyclic));
      },
      'MALFORMED_DEFINITION',
      /refers back to itself/,
    );
    const plugin = { name: 'forged', version: '1.0.0', namespace: 'acme', activations: [forged] };
    expectRejected(() => {
      registry.use(plugin);
    }, 'NON_FINITE_CONSTANT');
    expect(registry.has('acme/forged')).toBe(false);
  });

  it('accepts the hostile but valid definitions the backends compile, at the parser limits', () => {
    const definitions = hostileButValidDefinitions();
    expect(definitions.map((definition) => definition.id)).toEqual(['hostile/docs_with_code', 'hostile/extreme_constants', 'hostile/deepest', 'hostile/widest']);
    const registry = createRegistry({ activations: builtinActivations });
    for (const definition of definitions) registry.register(definition);
    // They survive a JSON round trip unchanged, so a registry can ship them on.
    for (const definition of definitions) expect(definitionToJSON(definitionFromJSON(JSON.stringify(definitionToJSON(definition))))).toEqual(definitionToJSON(definition));
  });
});

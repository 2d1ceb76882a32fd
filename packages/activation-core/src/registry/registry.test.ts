import { describe, it, expect } from 'vitest';
import { builtinActivations } from '../builtins/index.js';
import { defineActivation } from '../definition/define-activation.js';
import type { RectifyErrorCode } from '../errors.js';
import { RectifyError } from '../errors.js';
import { mul } from '../ir/builders.js';
import { defaultRegistry } from './default-registry.js';
import { definePlugin } from './plugin.js';
import type { RegistryEvent } from './registry.js';
import { createRegistry } from './registry.js';

function errorOf(run: () => unknown): RectifyError {
  try {
    run();
  } catch (error) {
    if (error instanceof RectifyError) return error;
    throw error;
  }
  return expect.unreachable('expected a RectifyError');
}

const expectCode = (run: () => unknown, code: RectifyErrorCode): void => {
  expect(errorOf(run).code).toBe(code);
};

const docs = { name: 'Scaled', latex: 'f(x)=kx', description: 'Multiplies by a constant.' };
const scaled = (id: string, slope: number) => defineActivation({ id, specVersion: 1, forward: (x) => mul(slope, x), docs });

function recording() {
  const registry = createRegistry();
  const events: RegistryEvent[] = [];
  const unsubscribe = registry.subscribe((event) => events.push(event));
  return { registry, events, unsubscribe };
}

describe('createRegistry', () => {
  it('is empty without options', () => {
    const registry = createRegistry();
    expect(registry.list()).toEqual([]);
    expect(registry.plugins()).toEqual([]);
    expect(registry.has('relu')).toBe(false);
  });

  it('registers, finds and lists definitions', () => {
    const { registry, events } = recording();
    const a = scaled('acme/a', 2);
    registry.register(a);
    expect(registry.get('acme/a')).toBe(a);
    expect(registry.has('acme/a')).toBe(true);
    expect(registry.list()).toEqual([a]);
    expect(events).toEqual([{ type: 'register', definition: a }]);
  });

  it('treats the identical definition again as a no-op, even as a separate object', () => {
    const { registry, events } = recording();
    const first = scaled('acme/a', 2);
    registry.register(first);
    registry.register(first);
    registry.register(scaled('acme/a', 2));
    expect(events).toHaveLength(1);
    expect(registry.get('acme/a')).toBe(first);
  });

  it('throws ID_COLLISION for a different definition under a taken id, and keeps the first', () => {
    const { registry, events } = recording();
    const first = scaled('acme/a', 2);
    registry.register(first);
    expectCode(() => { registry.register(scaled('acme/a', 3)); }, 'ID_COLLISION');
    expect(registry.get('acme/a')).toBe(first);
    expect(events).toHaveLength(1);
  });

  it('replaces it with { override: true } and emits an override event', () => {
    const { registry, events } = recording();
    const first = scaled('acme/a', 2);
    const second = scaled('acme/a', 3);
    registry.register(first);
    registry.register(second, { override: true });
    expect(registry.get('acme/a')).toBe(second);
    expect(events).toEqual([{ type: 'register', definition: first }, { type: 'override', definition: second, previous: first }]);
  });

  it('throws UNKNOWN_ACTIVATION for an unknown id, suggesting close ids', () => {
    const registry = createRegistry({ activations: builtinActivations });
    const error = errorOf(() => registry.get('leaky_rellu'));
    expect(error.code).toBe('UNKNOWN_ACTIVATION');
    expect(error.message).toContain('"leaky_relu"');
  });

  it('stops notifying a listener once it unsubscribes', () => {
    const { registry, events, unsubscribe } = recording();
    registry.register(scaled('acme/a', 2));
    unsubscribe();
    registry.register(scaled('acme/b', 2));
    expect(events).toHaveLength(1);
    expect(registry.has('acme/b')).toBe(true);
  });
});

describe('definePlugin', () => {
  const plugin = (overrides: { version?: string; namespace?: string; ids?: string[] }) => () =>
    definePlugin({
      name: '@acme/rectify-test',
      version: overrides.version ?? '1.0.0',
      namespace: overrides.namespace ?? 'acme',
      activations: (overrides.ids ?? ['acme/a']).map((id) => scaled(id, 2)),
    });

  it('accepts namespaced ids and semantic versions, pre-releases included', () => {
    expect(plugin({})().activations).toHaveLength(1);
    expect(plugin({ version: '2.0.0-beta.1' })().version).toBe('2.0.0-beta.1');
  });

  it('rejects ids outside the namespace and an empty plugin (INVALID_PLUGIN)', () => {
    expectCode(plugin({ ids: ['bent'] }), 'INVALID_PLUGIN');
    expectCode(plugin({ ids: ['other/bent'] }), 'INVALID_PLUGIN');
    expectCode(plugin({ ids: [] }), 'INVALID_PLUGIN');
  });

  it.each(['1.0', 'v1.0.0', '', 'latest'])('rejects the version %j (INVALID_PLUGIN)', (version) => {
    expectCode(plugin({ version }), 'INVALID_PLUGIN');
  });

  it.each(['1.0.0junk', '1.2.3.4'])('rejects the version %j, which is not semver (INVALID_PLUGIN)', (version) => {
    expectCode(plugin({ version }), 'INVALID_PLUGIN');
  });

  it.each(['Acme', 'acme/x', '', '9acme', 'ac me', 'acme_x'])('rejects the namespace %j (INVALID_IDENTIFIER)', (namespace) => {
    expectCode(plugin({ namespace }), 'INVALID_IDENTIFIER');
  });
});

describe('use', () => {
  it('registers every activation of a plugin and records the plugin', () => {
    const { registry, events } = recording();
    const bundle = definePlugin({ name: 'p', version: '1.0.0', namespace: 'acme', activations: [scaled('acme/a', 2), scaled('acme/b', 3)] });
    registry.use(bundle);
    expect(registry.list().map((definition) => definition.id)).toEqual(['acme/a', 'acme/b']);
    expect(registry.plugins()).toEqual([bundle]);
    expect(events).toHaveLength(2);
  });

  it('registers nothing from a plugin that conflicts with a registered id', () => {
    const { registry, events } = recording();
    registry.register(scaled('acme/a', 2));
    const bundle = definePlugin({ name: 'p', version: '1.0.0', namespace: 'acme', activations: [scaled('acme/b', 1), scaled('acme/a', 3)] });
    expectCode(() => { registry.use(bundle); }, 'ID_COLLISION');
    expect(registry.has('acme/b')).toBe(false);
    expect(registry.plugins()).toEqual([]);
    expect(events).toHaveLength(1);
  });

  it('registers nothing from a plugin whose own activations conflict with each other', () => {
    const registry = createRegistry();
    expect(() => {
      registry.use(definePlugin({ name: 'p', version: '1.0.0', namespace: 'acme', activations: [scaled('acme/a', 1), scaled('acme/a', 2)] }));
    }).toThrow(RectifyError);
    expect(registry.has('acme/a')).toBe(false);
  });
});

describe('registries are independent', () => {
  it('registering into one affects neither another nor defaultRegistry', () => {
    const first = createRegistry();
    const second = createRegistry({ activations: builtinActivations });
    const before = defaultRegistry.list().length;
    first.register(scaled('acme/isolated', 2));
    expect(second.has('acme/isolated')).toBe(false);
    expect(defaultRegistry.has('acme/isolated')).toBe(false);
    expect(second.list()).toHaveLength(builtinActivations.length);
    expect(defaultRegistry.list()).toHaveLength(before);
    expect(defaultRegistry.has('relu')).toBe(true);
    expect(createRegistry().list()).toEqual([]);
  });
});

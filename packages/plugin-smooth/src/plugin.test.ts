import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { describe, expect, it } from 'vitest';
import { smoothPlugin } from './index.js';

describe('smoothPlugin', () => {
  it('registers five namespaced activations beside the built-ins with one use() call', () => {
    const registry = createRegistry({ activations: builtinActivations });
    registry.use(smoothPlugin);
    expect(registry.list().filter((definition) => definition.id.startsWith('smooth/')).map((definition) => definition.id)).toEqual([
      'smooth/gelu',
      'smooth/silu',
      'smooth/mish',
      'smooth/softplus',
      'smooth/hardswish',
    ]);
    expect(registry.plugins()).toEqual([smoothPlugin]);
  });

  it('suggests the namespaced id when a bare one is asked for', () => {
    const registry = createRegistry({ plugins: [smoothPlugin] });
    expect(() => registry.get('gelu')).toThrow(/Did you mean "smooth\/gelu"/);
  });
});

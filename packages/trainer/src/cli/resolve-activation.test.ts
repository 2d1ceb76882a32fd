import { builtinActivations, createRegistry, isRectifyError } from '@rectify/activation-core';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { describe, expect, it } from 'vitest';
import { resolveActivationId } from './resolve-activation.js';

const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });

describe('resolveActivationId', () => {
  it('takes registered ids and short names of namespaced ones', () => {
    expect(resolveActivationId(registry, 'leaky_relu')).toBe('leaky_relu');
    expect(resolveActivationId(registry, 'gelu')).toBe('smooth/gelu');
    expect(resolveActivationId(registry, 'smooth/mish')).toBe('smooth/mish');
  });

  it('suggests close ids for unknown names', () => {
    let caught: unknown;
    try {
      resolveActivationId(registry, 'leaky_rlu');
    } catch (error) {
      caught = error;
    }
    expect(isRectifyError(caught, 'UNKNOWN_ACTIVATION')).toBe(true);
    expect(String(caught)).toMatch(/Did you mean "leaky_relu"/);
  });
});

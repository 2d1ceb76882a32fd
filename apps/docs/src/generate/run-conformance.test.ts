import type { Backend } from '@rectify/activation-core';
import { builtinActivations, createReferenceBackend, createRegistry } from '@rectify/activation-core';
import { describe, expect, it } from 'vitest';
import { runConformance } from './run-conformance.js';

const registry = createRegistry({ activations: builtinActivations });

describe('runConformance', () => {
  it('files every check of a conforming backend under its activation id', async () => {
    const outcomes = await runConformance(createReferenceBackend(registry), { ids: ['relu', 'elu'] });
    expect([...outcomes.keys()]).toEqual(['relu', 'elu']);
    for (const outcome of outcomes.values()) {
      expect(outcome.failed).toBe(0);
      expect(outcome.passed).toBeGreaterThan(3);
    }
  });

  it('reports the failures of a backend that gets one activation wrong', async () => {
    const reference = createReferenceBackend(registry);
    const wrongElu: Backend = {
      name: 'wrong-elu',
      registry,
      forward: async (id, input, params, options) => {
        const output = await reference.forward(id, input, params, options);
        if (id === 'elu') output.forEach((value, index) => { if (value < 0) output[index] = value * 2; });
        return output;
      },
      backward: (id, input, gradOutput, params, options) => reference.backward(id, input, gradOutput, params, options),
    };
    const outcomes = await runConformance(wrongElu, { ids: ['relu', 'elu'] });
    expect(outcomes.get('relu')?.failed).toBe(0);
    expect(outcomes.get('elu')?.failed).toBeGreaterThan(0);
    expect(outcomes.get('elu')?.failures[0]).toMatch(/^forward matches the float64 reference/);
  });
});

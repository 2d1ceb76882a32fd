import { builtinActivations, createReferenceBackend, createRegistry, referenceBackward, referenceDerivative, referenceForward } from '@rectify/activation-core';
import { checkDerivatives, describeConformance } from '@rectify/activation-core/testing';
import { describe, expect, it } from 'vitest';
import { acmePlugin, bentRelu } from './index.js';

const closedForm = (x: number, bend: number): number => Math.max(x, 0) + bend * (Math.sqrt(x * x + 1) - 1);
const closedFormDerivative = (x: number, bend: number): number => (x > 0 ? 1 : 0) + (bend * x) / Math.sqrt(x * x + 1);

describe('a plugin written outside core', () => {
  const registry = createRegistry({ activations: builtinActivations });
  registry.use(acmePlugin);

  it('is registered by one use() call next to the built-ins', () => {
    expect(registry.get('acme/bent_relu')).toBe(bentRelu);
    expect(registry.has('relu')).toBe(true);
  });

  it('gets reference values and derivatives from its one definition', () => {
    const inputs = [-3, -1, -0.25, 0, 0.5, 2];
    const forward = referenceForward(bentRelu, inputs, { bend: 0.3 });
    const derivative = referenceDerivative(bentRelu, inputs, { bend: 0.3 });
    inputs.forEach((x, index) => {
      expect(forward[index]).toBeCloseTo(closedForm(x, 0.3), 14);
      expect(derivative[index]).toBeCloseTo(closedFormDerivative(x, 0.3), 14);
    });
  });

  it('gets its learnable parameter gradient: sum of upstream * (sqrt(x^2 + 1) - 1)', () => {
    const inputs = [-2, 1, 3];
    const upstream = [1, 0.5, -1];
    const { gradParams } = referenceBackward(bentRelu, inputs, upstream);
    const expected = inputs.reduce((total, x, index) => total + (upstream[index] ?? 0) * (Math.sqrt(x * x + 1) - 1), 0);
    expect(gradParams['bend']).toBeCloseTo(expected, 14);
  });

  it('passes the derivative check', () => {
    expect(checkDerivatives(bentRelu).ok).toBe(true);
  });
});

describeConformance({ describe, it }, { backend: createReferenceBackend(createRegistry({ plugins: [acmePlugin] })) });

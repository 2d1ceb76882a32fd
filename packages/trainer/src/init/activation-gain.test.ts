import { builtinActivations, createRegistry, defineActivation, definePlugin, mul, tanh } from '@rectify/activation-core';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { describe, expect, it } from 'vitest';
import { activationGain, leakyGain, secondMomentUnderNormal } from './activation-gain.js';

const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });

/** E[g(z)^2], z ~ N(0, 1), by a plain midpoint sum written independently of the implementation. */
const midpointMoment = (g: (z: number) => number): number => {
  let total = 0;
  const step = 1e-3;
  for (let z = -10 + step / 2; z < 10; z += step) total += g(z) ** 2 * Math.exp(-z * z / 2) * step;
  return total / Math.sqrt(2 * Math.PI);
};

describe('activationGain', () => {
  it('is sqrt(2) for relu, by the closed form and by quadrature', () => {
    expect(activationGain(registry.get('relu'))).toBeCloseTo(Math.SQRT2, 12);
    expect(1 / Math.sqrt(secondMomentUnderNormal(registry.get('relu')))).toBeCloseTo(Math.SQRT2, 6);
  });

  it('is sqrt(2 / (1 + a^2)) for a leaky slope, matching quadrature', () => {
    expect(leakyGain(0.2)).toBeCloseTo(Math.sqrt(2 / 1.04), 12);
    expect(activationGain(registry.get('leaky_relu'), { alpha: 0.2 })).toBeCloseTo(Math.sqrt(2 / 1.04), 12);
    expect(1 / Math.sqrt(secondMomentUnderNormal(registry.get('leaky_relu'), { alpha: 0.2 }))).toBeCloseTo(Math.sqrt(2 / 1.04), 6);
    expect(activationGain(registry.get('prelu'))).toBeCloseTo(Math.sqrt(2 / 1.0625), 12);
  });

  it('is 1 for identity and for selu (its fixed point)', () => {
    expect(activationGain(registry.get('identity'))).toBeCloseTo(1, 6);
    expect(activationGain(registry.get('selu'))).toBeCloseTo(1, 3);
  });

  it('follows 1 / sqrt(E[f(z)^2]) for tanh (about 1.59, not PyTorch\'s 5/3)', () => {
    const expected = 1 / Math.sqrt(midpointMoment(Math.tanh));
    expect(activationGain(registry.get('tanh'))).toBeCloseTo(expected, 5);
    expect(expected).toBeGreaterThan(1.58);
    expect(expected).toBeLessThan(1.6);
  });

  it('gives plugins a gain from their forward alone', () => {
    const bent = defineActivation({ id: 'acme/half_tanh', specVersion: 1, params: {}, forward: (input) => mul(0.5, tanh(input)), docs: { name: 'half tanh', latex: String.raw`f(x)=0.5\tanh(x)`, description: 'Half a tanh.' } });
    registry.use(definePlugin({ name: 'acme', version: '1.0.0', namespace: 'acme', activations: [bent] }));
    expect(activationGain(registry.get('acme/half_tanh'))).toBeCloseTo(1 / Math.sqrt(midpointMoment((z) => 0.5 * Math.tanh(z))), 5);
    expect(activationGain(registry.get('smooth/gelu'))).toBeGreaterThan(1.4);
  });
});

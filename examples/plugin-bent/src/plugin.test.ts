import { builtinActivations, createReferenceBackend, createRegistry, referenceBackward, referenceDerivative, referenceForward } from '@rectify/activation-core';
import { checkDerivatives, describeConformance } from '@rectify/activation-core/testing';
import { describe, expect, it } from 'vitest';
import { bentPlugin, boundedPrelu, logish } from './index.js';

// Closed forms written out in plain JavaScript, independent of the expression IR.
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const boundedPreluOf = (x: number, alpha: number, knee: number): number => (x > 0 ? x : alpha * Math.max(x, -knee));
const boundedPreluSlope = (x: number, alpha: number, knee: number): number => (x > 0 ? 1 : x > -knee ? alpha : 0);
const logishOf = (x: number): number => x * Math.log1p(sigmoid(x));
const logishSlope = (x: number): number => Math.log1p(sigmoid(x)) + (x * sigmoid(x) * (1 - sigmoid(x))) / (1 + sigmoid(x));

describe('the bent plugin', () => {
  const registry = createRegistry({ activations: builtinActivations });
  registry.use(bentPlugin);

  it('registers both activations next to the built-ins with one use() call', () => {
    expect(registry.get('bent/bounded_prelu')).toBe(boundedPrelu);
    expect(registry.get('bent/logish')).toBe(logish);
    expect(registry.has('prelu')).toBe(true);
  });

  it('Bounded PReLU: values, slopes and the learnable alpha gradient', () => {
    const inputs = [-5, -3, -2.5, -1, -0.25, 0, 0.5, 4];
    const params = { alpha: 0.2, knee: 3 };
    const forward = referenceForward(boundedPrelu, inputs, params);
    const slope = referenceDerivative(boundedPrelu, inputs, params);
    inputs.forEach((x, index) => {
      expect(forward[index]).toBeCloseTo(boundedPreluOf(x, 0.2, 3), 15);
      expect(slope[index], `f'(${x})`).toBeCloseTo(boundedPreluSlope(x, 0.2, 3), 15);
    });
    const upstream = inputs.map((_, index) => (index % 2 === 0 ? 1 : -0.5));
    const { gradParams } = referenceBackward(boundedPrelu, inputs, upstream, params);
    const expected = inputs.reduce((total, x, index) => total + (x > 0 ? 0 : (upstream[index] ?? 0) * Math.max(x, -3)), 0);
    expect(gradParams['alpha']).toBeCloseTo(expected, 14);
  });

  it('Logish: values and slopes', () => {
    const inputs = [-20, -3, -1, -0.1, 0, 0.1, 1, 3, 20];
    const forward = referenceForward(logish, inputs);
    const slope = referenceDerivative(logish, inputs);
    inputs.forEach((x, index) => {
      expect(forward[index]).toBeCloseTo(logishOf(x), 14);
      expect(slope[index]).toBeCloseTo(logishSlope(x), 12);
    });
  });

  it('passes the derivative check (symbolic derivatives against finite differences)', () => {
    expect(checkDerivatives(boundedPrelu).ok).toBe(true);
    expect(checkDerivatives(logish).ok).toBe(true);
  });
});

// The float64 reference backend: the definitions themselves are consistent.
describeConformance({ describe, it }, { backend: createReferenceBackend(createRegistry({ plugins: [bentPlugin] })) });

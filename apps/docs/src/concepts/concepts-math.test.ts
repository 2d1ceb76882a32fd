import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { describe, expect, it } from 'vitest';
import { dropoutOnOnes, lassoShrink, ridgeShrink } from './regularisation.js';
import { zeroFraction } from './sparsity.js';
import { hiddenLayerOutput } from './universal-sum.js';

const registry = createRegistry({ activations: builtinActivations });

describe('sparsity', () => {
  it('zeroes about half of centred inputs with relu and none with leaky_relu', () => {
    const [centred = 0, shifted = 0] = zeroFraction(registry.get('relu'), {}, [0, 2]);
    expect(centred).toBeGreaterThan(0.47);
    expect(centred).toBeLessThan(0.53);
    // P(z < -2) for z ~ N(0, 1) is 0.0228.
    expect(shifted).toBeGreaterThan(0.015);
    expect(shifted).toBeLessThan(0.03);
    expect(zeroFraction(registry.get('leaky_relu'), {}, [0])).toEqual([0]);
  });
});

describe('hidden layer output', () => {
  it('is a straight line with the identity and bends with relu', () => {
    const xs = [-2, -1, 0, 1, 2];
    const secondDifferences = (ys: number[]): number[] => ys.slice(2).map((y, index) => y - 2 * (ys[index + 1] ?? 0) + (ys[index] ?? 0));
    for (const difference of secondDifferences(hiddenLayerOutput(registry.get('identity'), {}, xs, 16))) expect(Math.abs(difference)).toBeLessThan(1e-12);
    expect(secondDifferences(hiddenLayerOutput(registry.get('relu'), {}, xs, 16)).some((difference) => Math.abs(difference) > 1e-3)).toBe(true);
  });
});

describe('regularisation', () => {
  it('shrinks with L2 and cuts to exactly zero with L1', () => {
    expect(ridgeShrink(3, 0.5)).toBe(2);
    expect(lassoShrink(3, 0.5)).toBe(2.5);
    expect(lassoShrink(-0.4, 0.5)).toBe(0);
    expect(lassoShrink(-1, 0.5)).toBe(-0.5);
  });

  it('keeps the expected output of inverted dropout at the input', () => {
    const { kept, mean } = dropoutOnOnes(0.3, 50_000, 5);
    expect(kept).toBeGreaterThan(0.69);
    expect(kept).toBeLessThan(0.71);
    expect(mean).toBeGreaterThan(0.985);
    expect(mean).toBeLessThan(1.015);
  });
});

import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { describe, expect, it } from 'vitest';
import { clipByGlobalNorm, depthStatistics, initialStd } from './deep-network.js';
import { seededNormals } from './seeded-normal.js';

const registry = createRegistry({ activations: builtinActivations });
const base = { depth: 20, width: 48, batch: 32, initialiser: 'he', weightScale: 1, seed: 1 } as const;

describe('depthStatistics', () => {
  it('keeps identity activations at unit spread with LeCun initialisation, and halves-per-layer variance without it', () => {
    const lecun = depthStatistics(registry.get('identity'), {}, { ...base, initialiser: 'lecun' });
    expect(lecun.activationStd.at(-1)).toBeGreaterThan(0.5);
    expect(lecun.activationStd.at(-1)).toBeLessThan(2);
    const halved = depthStatistics(registry.get('identity'), {}, { ...base, initialiser: 'lecun', weightScale: Math.SQRT1_2 });
    // Variance halves per layer: after 20 layers the spread is about 2^-10.
    expect(halved.activationStd.at(-1)).toBeLessThan(0.01);
  });

  it('shows the vanishing gradient of sigmoid against ReLU with He initialisation', () => {
    const sigmoid = depthStatistics(registry.get('sigmoid'), {}, base);
    const relu = depthStatistics(registry.get('relu'), {}, base);
    const sigmoidRatio = (sigmoid.gradientNorm[0] ?? 0) / (sigmoid.gradientNorm.at(-1) ?? 1);
    const reluRatio = (relu.gradientNorm[0] ?? 0) / (relu.gradientNorm.at(-1) ?? 1);
    expect(sigmoidRatio).toBeLessThan(1e-4);
    expect(reluRatio).toBeGreaterThan(0.05);
    expect(reluRatio).toBeLessThan(20);
  });
});

describe('helpers', () => {
  it('computes the initialisers as defined', () => {
    expect(initialStd('he', 50, 10)).toBeCloseTo(0.2, 12);
    expect(initialStd('xavier', 50, 150)).toBeCloseTo(0.1, 12);
    expect(initialStd('lecun', 25, 10)).toBeCloseTo(0.2, 12);
  });

  it('clips by the global norm only above the threshold', () => {
    expect(clipByGlobalNorm([3, 4], 10)).toEqual([3, 4]);
    const clipped = clipByGlobalNorm([3, 4], 1);
    expect(clipped[0]).toBeCloseTo(0.6, 12);
    expect(clipped[1]).toBeCloseTo(0.8, 12);
  });

  it('draws normals with mean 0 and spread 1, repeatably', () => {
    const draws = seededNormals(20_000, 3);
    const mean = draws.reduce((total, value) => total + value, 0) / draws.length;
    const variance = draws.reduce((total, value) => total + (value - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(variance).toBeGreaterThan(0.95);
    expect(variance).toBeLessThan(1.05);
    expect(seededNormals(4, 3)).toEqual(draws.slice(0, 4));
  });
});

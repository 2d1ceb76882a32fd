import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { describe, expect, it } from 'vitest';
import { activationCurve, plotRange, sliderSpec } from './activation-curve.js';

const registry = createRegistry({ activations: builtinActivations });

describe('activationCurve', () => {
  it('samples relu with its kink at 0 and the value PyTorch uses there', () => {
    const curve = activationCurve(registry.get('relu'), {}, 9);
    expect(curve.range).toEqual([-4, 4]);
    expect(curve.xs).toEqual([-4, -3, -2, -1, 0, 1, 2, 3, 4]);
    expect(curve.values).toEqual([0, 0, 0, 0, 0, 1, 2, 3, 4]);
    expect(curve.derivatives).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1]);
    expect(curve.kinks).toEqual([{ x: 0, value: 0, derivative: 0 }]);
    expect(curve.kinkValues.filter((value) => value !== null)).toEqual([0]);
  });

  it('follows the parameters: leaky_relu with alpha 0.5 has slope 0.5 left of 0, also at the kink', () => {
    const curve = activationCurve(registry.get('leaky_relu'), { alpha: 0.5 }, 9);
    expect(curve.values[0]).toBe(-2);
    expect(curve.kinks).toEqual([{ x: 0, value: 0, derivative: 0.5 }]);
  });

  it('inserts kinks that are not on the grid and widens the range around them', () => {
    const curve = activationCurve(registry.get('threshold'), { threshold: 0.3, value: -1 }, 9);
    expect(curve.xs).toContain(0.3);
    expect(curve.kinks.map((kink) => kink.x)).toEqual([0.3]);
    expect(curve.values[curve.xs.indexOf(0.3)]).toBe(-1);
    expect(activationCurve(registry.get('relu6'), {}, 9).range).toEqual([-4, 8]);
  });

  it('leaves non-finite values out of the columns', () => {
    const curve = activationCurve(registry.get('threshold'), { threshold: 0, value: 0 }, 3);
    expect(curve.values.every((value) => value === null || Number.isFinite(value))).toBe(true);
  });
});

describe('plotRange and sliderSpec', () => {
  it('keeps at least [-4, 4] with a margin of 2 around kinks', () => {
    expect(plotRange([])).toEqual([-4, 4]);
    expect(plotRange([-1, 1])).toEqual([-4, 4]);
    expect(plotRange([-7, 6])).toEqual([-9, 8]);
  });

  it('uses declared bounds, stays inside exclusive ones, and spans the default otherwise', () => {
    expect(sliderSpec({ default: 0.25, min: 0, max: 1, description: '' })).toEqual({ min: 0, max: 1, step: 0.005 });
    const exclusive = sliderSpec({ default: 1, min: 0, exclusiveMin: true, max: 2, description: '' });
    expect(exclusive.min).toBeGreaterThan(0);
    expect(sliderSpec({ default: 3, description: '' })).toEqual({ min: -3, max: 9, step: 0.06 });
    expect(sliderSpec({ default: 2, min: 0, max: 5, integer: true, description: '' })).toEqual({ min: 0, max: 5, step: 1 });
  });
});

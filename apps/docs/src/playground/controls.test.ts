import { describe, expect, it } from 'vitest';
import { createSiteRegistry } from '../site/site-registry.js';
import { controlNumber, log10OrGap, paramControls, paramNumber } from './controls.js';
import { limits } from './playground-state.js';

const registry = createSiteRegistry();

describe('the playground controls', () => {
  it('bring typed numbers into range, round whole numbers, and keep the current value for text that is not a number', () => {
    expect(controlNumber('0.5', limits.learningRate, 0.1)).toBe(0.5);
    expect(controlNumber('50', limits.learningRate, 0.1)).toBe(10);
    expect(controlNumber('-1', limits.dropout, 0.2)).toBe(0);
    expect(controlNumber('12.6', limits.batchSize, 10)).toBe(13);
    expect(controlNumber('', limits.learningRate, 0.1)).toBe(0.1);
    expect(controlNumber('fast', limits.learningRate, 0.1)).toBe(0.1);
    expect(controlNumber('Infinity', limits.clipNorm, 1)).toBe(1);
  });

  it('offer one control per parameter of the chosen activation, plugin ones included', () => {
    expect(paramControls(registry, 'relu', {})).toEqual([]);
    expect(paramControls(registry, 'leaky_relu', { alpha: 0.1 }).map(({ name, value, step }) => ({ name, value, step }))).toEqual([{ name: 'alpha', value: 0.1, step: 'any' }]);
    const gelu = paramControls(registry, 'smooth/gelu', {});
    expect(gelu.map(({ name, value, choices, step }) => ({ name, value, choices, step }))).toEqual([{ name: 'approximate', value: 0, choices: ['none', 'tanh'], step: 1 }]);
    expect(paramControls(registry, 'rrelu', {}).map((control) => [control.name, control.min, control.max])).toEqual([
      ['lower', 0, 1],
      ['upper', 0, 1],
    ]);
    expect(paramControls(registry, 'no_such_activation', {})).toEqual([]);
  });

  it('read parameter values and gradient norms for the chart', () => {
    expect(paramNumber('0.25')).toBe(0.25);
    expect(paramNumber(' ')).toBeUndefined();
    expect(paramNumber('x')).toBeUndefined();
    expect(log10OrGap(100)).toBe(2);
    expect(log10OrGap(0)).toBeNull();
    expect(log10OrGap(null)).toBeNull();
    expect(log10OrGap(Number.POSITIVE_INFINITY)).toBeNull();
  });
});

import { isRectifyError } from '@rectify/activation-core';
import { describe, expect, it } from 'vitest';
import type { Dataset } from './dataset.js';
import { validateDataset } from './dataset.js';

const base: Dataset = { name: 't', rows: 3, features: 2, classes: 2, inputs: Float32Array.from([0, 1, 2, 3, 4, 5]), labels: Float32Array.from([0, 1, 0]) };

const codeOf = (make: () => unknown): string | undefined => {
  try {
    make();
  } catch (error) {
    return isRectifyError(error) ? error.code : 'not a RectifyError';
  }
  return undefined;
};

describe('validateDataset', () => {
  it('accepts a consistent data set', () => {
    expect(validateDataset(base)).toBe(base);
  });

  it('reports NaN in the inputs with its row and feature', () => {
    expect(() => validateDataset({ ...base, inputs: Float32Array.from([0, 1, 2, 3, Number.NaN, 5]) })).toThrow(/row 2, feature 0 is NaN/);
  });

  it('rejects labels out of range or not integers', () => {
    expect(() => validateDataset({ ...base, labels: Float32Array.from([0, 2, 0]) })).toThrow(/row 1 has label 2, outside the classes 0\.\.1/);
    expect(codeOf(() => validateDataset({ ...base, labels: Float32Array.from([0, 0.5, 0]) }))).toBe('PARAM_OUT_OF_RANGE');
    expect(codeOf(() => validateDataset({ ...base, labels: Float32Array.from([-1, 0, 0]) }))).toBe('PARAM_OUT_OF_RANGE');
  });

  it('rejects shape mismatches', () => {
    expect(codeOf(() => validateDataset({ ...base, inputs: new Float32Array(5) }))).toBe('SHAPE_MISMATCH');
    expect(codeOf(() => validateDataset({ ...base, labels: new Float32Array(2) }))).toBe('SHAPE_MISMATCH');
  });
});

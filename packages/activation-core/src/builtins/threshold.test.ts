import { describe, expect, it } from 'vitest';
import { referenceAt, referenceForward } from '../reference/evaluate.js';
import { expectMatchesPyTorch } from '../../../../test-support/pytorch-golden.js';
import { threshold } from './threshold.js';

describe('threshold', () => {
  it('matches PyTorch', () => {
    expectMatchesPyTorch(threshold);
  });

  it('replaces inputs at or below the threshold and lets NaN through', () => {
    expect(Array.from(referenceForward(threshold, [-1, 1, 1.5], { threshold: 1, value: -9 }))).toEqual([-9, -9, 1.5]);
    expect(referenceAt(threshold, Number.NaN)).toBeNaN();
  });
});

import { describe, expect, it } from 'vitest';
import { referenceDerivative, referenceForward } from '../reference/evaluate.js';
import { expectMatchesPyTorch } from '../../../../test-support/pytorch-golden.js';
import { identity } from './identity.js';
import { sigmoid } from './sigmoid.js';
import { tanh } from './tanh.js';

describe('identity, sigmoid and tanh (the comparison baselines)', () => {
  it('match PyTorch', () => {
    expectMatchesPyTorch(identity);
    expectMatchesPyTorch(sigmoid);
    expectMatchesPyTorch(tanh);
  });

  it('saturate: sigmoid and tanh gradients vanish for large |x| while their peaks are 1/4 and 1', () => {
    expect(Array.from(referenceDerivative(sigmoid, [0]))).toEqual([0.25]);
    expect(Array.from(referenceDerivative(tanh, [0]))).toEqual([1]);
    expect(referenceDerivative(sigmoid, [-30, 30]).every((value) => value < 1e-12)).toBe(true);
    expect(referenceDerivative(tanh, [-30, 30]).every((value) => value < 1e-12)).toBe(true);
  });

  it('sigmoid does not overflow for large negative inputs', () => {
    expect(referenceForward(sigmoid, [-1000])[0]).toBe(0);
    expect(referenceForward(sigmoid, [-700])[0]).toBeCloseTo(Math.exp(-700), 320);
  });
});

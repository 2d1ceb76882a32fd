import { referenceAt } from '@rectify/activation-core';
import { describe, expect, it } from 'vitest';
import { expectMatchesPyTorch } from '../../../test-support/pytorch-golden.js';
import { mish } from './mish.js';

describe('smooth/mish', () => {
  it('matches PyTorch', () => {
    expectMatchesPyTorch(mish);
  });

  it('has its minimum of about -0.3088 near x = -1.19', () => {
    expect(referenceAt(mish, -1.1924)).toBeCloseTo(-0.30884, 4);
  });
});

import { describe, expect, it } from 'vitest';
import { prelu } from '../builtins/prelu.js';
import { defineActivation } from '../definition/define-activation.js';
import type { ActivationDefinition } from '../definition/definition.js';
import { resolveParams } from '../definition/resolve-params.js';
import { div, mul, select, gt } from '../ir/builders.js';
import { layoutSlots } from './slot-layout.js';
import { literalValue, slotValues, slotValuesLength, writeSlotValues } from './slot-values.js';
import { prepareKernel } from './prepare-kernel.js';

/** A slope given per channel but used through 1 / alpha, so its hoisted value is an expression. */
const inverseSlope = defineActivation({
  id: 'test/inverse-slope',
  specVersion: 1,
  params: {
    alpha: { default: 4, min: 0.5, max: 100, perChannel: true, description: 'Divisor of negative inputs.' },
    gain: { default: 1, description: 'Scale of positive inputs.' },
  },
  forward: (x, p) => select(gt(x, 0), mul(p.gain, x), mul(div(1, p.alpha), x)),
  docs: { name: 'Inverse slope', latex: String.raw`f(x)=x/\alpha`, description: 'Test activation whose per-channel value is 1 / alpha.' },
});

const slotsFor = (definition: ActivationDefinition, params: object, channels: number): Float32Array => {
  const resolved = resolveParams(definition, params, { channels, stride: 1 });
  const prepared = prepareKernel(definition, 'forward', resolved, false);
  return slotValues(layoutSlots(prepared.plan, literalValue), resolved, channels);
};

describe('slotValues', () => {
  it('copies a bare per-channel parameter, rounded to float32', () => {
    const alpha = [0.1, 0.2, 1 / 3];
    expect(Array.from(slotsFor(prelu, { alpha }, 3))).toEqual(alpha.map(Math.fround));
  });

  it('evaluates a per-channel expression of a parameter, once per channel', () => {
    const values = slotsFor(inverseSlope, { alpha: [3, 7], gain: 0.1 }, 2);
    // Scalar slots come first: gain, then 1 / alpha for each channel.
    expect(Array.from(values)).toEqual([Math.fround(0.1), Math.fround(1 / 3), Math.fround(1 / 7)]);
  });

  it('writes the same values into a buffer from an offset, leaving the rest of it alone', () => {
    const resolved = resolveParams(inverseSlope, { alpha: [3, 7], gain: 0.1 }, { channels: 2, stride: 1 });
    const slots = layoutSlots(prepareKernel(inverseSlope, 'forward', resolved, false).plan, literalValue);
    expect(slotValuesLength(slots, 2)).toBe(3);
    const target = new Float32Array(7).fill(-1);
    writeSlotValues(target, 2, slots, resolved, 2);
    expect(Array.from(target)).toEqual([-1, -1, ...slotValues(slots, resolved, 2), -1, -1]);
  });

  it('takes a scalar parameter as it is', () => {
    expect(Array.from(slotsFor(prelu, { alpha: 0.3 }, 1))).toEqual([Math.fround(0.3)]);
  });
});

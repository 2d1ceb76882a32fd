import { describe, it, expect } from 'vitest';
import { celu, leakyRelu, prelu, relu, rrelu } from '../builtins/index.js';
import type { RectifyErrorCode } from '../errors.js';
import { RectifyError } from '../errors.js';
import { channelLayout, resolveParams } from './resolve-params.js';

function errorOf(run: () => unknown): RectifyError {
  try {
    run();
  } catch (error) {
    if (error instanceof RectifyError) return error;
    throw error;
  }
  return expect.unreachable('expected a RectifyError');
}

const expectCode = (run: () => unknown, code: RectifyErrorCode): void => {
  expect(errorOf(run).code).toBe(code);
};

const threeChannels = { channels: 3, stride: 4 };

describe('resolveParams', () => {
  it('fills in defaults and keeps given values', () => {
    expect(resolveParams(rrelu)).toEqual({ lower: { kind: 'scalar', value: 1 / 8 }, upper: { kind: 'scalar', value: 1 / 3 } });
    expect(resolveParams(rrelu, { upper: 0.5 })).toEqual({ lower: { kind: 'scalar', value: 1 / 8 }, upper: { kind: 'scalar', value: 0.5 } });
    expect(resolveParams(relu, {})).toEqual({});
  });

  it('rejects an unknown name with a "Did you mean" hint for a near miss', () => {
    const error = errorOf(() => resolveParams(leakyRelu, { alpah: 0.1 }));
    expect(error.code).toBe('UNKNOWN_PARAMETER');
    expect(error.message).toContain('Did you mean "alpha"?');
    expectCode(() => resolveParams(relu, { alpha: 0.1 }), 'UNKNOWN_PARAMETER');
  });

  it('rejects values of the wrong type (INVALID_PARAM_TYPE)', () => {
    expectCode(() => resolveParams(leakyRelu, { alpha: '0.1' }), 'INVALID_PARAM_TYPE');
    expectCode(() => resolveParams(leakyRelu, { alpha: [0.1, 0.2] }), 'INVALID_PARAM_TYPE');
    expectCode(() => resolveParams(leakyRelu, { alpha: Float64Array.of(0.1) }), 'INVALID_PARAM_TYPE');
    expectCode(() => resolveParams(leakyRelu, { alpha: null }), 'INVALID_PARAM_TYPE');
    expectCode(() => resolveParams(leakyRelu, 0.1), 'INVALID_PARAM_TYPE');
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('rejects %d (NON_FINITE_VALUE)', (value) => {
    expectCode(() => resolveParams(leakyRelu, { alpha: value }), 'NON_FINITE_VALUE');
    expectCode(() => resolveParams(prelu, { alpha: [0.1, value, 0.2] }, threeChannels), 'NON_FINITE_VALUE');
  });

  it('rejects values out of range (PARAM_OUT_OF_RANGE), honouring exclusive bounds', () => {
    expectCode(() => resolveParams(celu, { alpha: 0 }), 'PARAM_OUT_OF_RANGE');
    expectCode(() => resolveParams(celu, { alpha: -1 }), 'PARAM_OUT_OF_RANGE');
    expectCode(() => resolveParams(rrelu, { lower: 2 }), 'PARAM_OUT_OF_RANGE');
    expectCode(() => resolveParams(rrelu, { upper: -0.1 }), 'PARAM_OUT_OF_RANGE');
    expect(resolveParams(celu, { alpha: 1e-9 })['alpha']).toEqual({ kind: 'scalar', value: 1e-9 });
    expect(resolveParams(rrelu, { lower: 1 })['lower']).toEqual({ kind: 'scalar', value: 1 });
  });

  it('takes one value per channel for a per-channel parameter', () => {
    expect(resolveParams(prelu, { alpha: [0.1, 0.2, 0.3] }, threeChannels)['alpha']).toEqual({ kind: 'channel', values: Float64Array.of(0.1, 0.2, 0.3) });
  });

  it('uses a float array of per-channel values as it is (no copy), after checking every value', () => {
    for (const alpha of [Float32Array.of(0.1, 0.2, 0.3), Float64Array.of(0.1, 0.2, 0.3)]) {
      const resolved = resolveParams(prelu, { alpha }, threeChannels)['alpha'];
      expect(resolved?.kind === 'channel' ? resolved.values : undefined).toBe(alpha);
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
        const withBad = alpha.slice();
        withBad[2] = bad;
        const error = errorOf(() => resolveParams(prelu, { alpha: withBad }, threeChannels));
        expect(error.code).toBe('NON_FINITE_VALUE');
        expect(error.message).toMatch(/"alpha" of "prelu"/);
      }
    }
  });

  it('rejects a per-channel array whose length is not the channel count (PARAM_LENGTH_MISMATCH)', () => {
    expectCode(() => resolveParams(prelu, { alpha: [0.1, 0.2] }, threeChannels), 'PARAM_LENGTH_MISMATCH');
    expectCode(() => resolveParams(prelu, { alpha: [0.1, 0.2, 0.3, 0.4] }, threeChannels), 'PARAM_LENGTH_MISMATCH');
  });

  it('rejects a per-channel array without a shape (SHAPE_MISMATCH)', () => {
    expectCode(() => resolveParams(prelu, { alpha: [0.1, 0.2] }), 'SHAPE_MISMATCH');
  });

  it('counts a per-channel array of length 1 as a scalar, with or without a shape', () => {
    expect(resolveParams(prelu, { alpha: [0.5] })['alpha']).toEqual({ kind: 'scalar', value: 0.5 });
    expect(resolveParams(prelu, { alpha: Float64Array.of(0.5) }, threeChannels)['alpha']).toEqual({ kind: 'scalar', value: 0.5 });
  });
});

describe('resolveParams on repeated calls (the last resolution per definition is reused)', () => {
  it('gives the values of each call when they change and change back', () => {
    for (const alpha of [0.1, 0.2, 0.1, 0.1, 0.3]) expect(resolveParams(leakyRelu, { alpha })).toEqual({ alpha: { kind: 'scalar', value: alpha } });
    expect(resolveParams(leakyRelu, {})).toEqual({ alpha: { kind: 'scalar', value: 0.01 } });
    expect(resolveParams(leakyRelu, { alpha: 0.3 })).toEqual({ alpha: { kind: 'scalar', value: 0.3 } });
  });

  it('tells -0 from 0 and reads inherited values as a first call does', () => {
    const zero = resolveParams(leakyRelu, { alpha: 0 })['alpha'];
    expect(zero?.kind === 'scalar' && Object.is(zero.value, 0)).toBe(true);
    const negativeZero = resolveParams(leakyRelu, { alpha: -0 })['alpha'];
    expect(negativeZero?.kind === 'scalar' && Object.is(negativeZero.value, -0)).toBe(true);
    const inherited: unknown = Object.create({ alpha: 0.25 });
    expect(resolveParams(leakyRelu, inherited)).toEqual({ alpha: { kind: 'scalar', value: 0.25 } });
    expect(resolveParams(leakyRelu, {})).toEqual({ alpha: { kind: 'scalar', value: 0.01 } });
  });

  it('still rejects an undeclared name or a bad value given after a good call', () => {
    resolveParams(leakyRelu, { alpha: 0.2 });
    expectCode(() => resolveParams(leakyRelu, { alpha: 0.2, beta: 1 }), 'UNKNOWN_PARAMETER');
    resolveParams(celu, { alpha: 2 });
    expectCode(() => resolveParams(celu, { alpha: 0 }), 'PARAM_OUT_OF_RANGE');
    expectCode(() => resolveParams(celu, { alpha: Number.NaN }), 'NON_FINITE_VALUE');
    expect(resolveParams(celu, { alpha: 2 })).toEqual({ alpha: { kind: 'scalar', value: 2 } });
  });

  it('checks a per-channel array again on every call, as its values may have changed in place', () => {
    const slopes = Float32Array.of(0.1, 0.2, 0.3);
    expect(resolveParams(prelu, { alpha: slopes }, threeChannels)).toEqual({ alpha: { kind: 'channel', values: slopes } });
    slopes[1] = Number.NaN;
    expectCode(() => resolveParams(prelu, { alpha: slopes }, threeChannels), 'NON_FINITE_VALUE');
  });

  it('hands out a frozen resolution, so that one caller cannot change what the next one gets', () => {
    const first = resolveParams(rrelu, { upper: 0.5 });
    expect(Object.isFrozen(first) && Object.isFrozen(first['upper'])).toBe(true);
    expect(() => { (first as Record<string, unknown>)['upper'] = { kind: 'scalar', value: 0.9 }; }).toThrow(TypeError);
    expect(resolveParams(rrelu, { upper: 0.5 })).toEqual({ lower: { kind: 'scalar', value: 1 / 8 }, upper: { kind: 'scalar', value: 0.5 } });
  });
});

describe('channelLayout', () => {
  it('finds channels on axis 1 by default: [2, 3, 4] has 3 channels of stride 4', () => {
    expect(channelLayout(24, [2, 3, 4])).toEqual({ channels: 3, stride: 4 });
    expect(channelLayout(24, [2, 3, 4], 1)).toEqual({ channels: 3, stride: 4 });
  });

  it('honours other axes: stride is the product of the sizes after the axis', () => {
    expect(channelLayout(24, [2, 3, 4], 0)).toEqual({ channels: 2, stride: 12 });
    expect(channelLayout(24, [2, 3, 4], 2)).toEqual({ channels: 4, stride: 1 });
  });

  it('is undefined without a shape', () => {
    expect(channelLayout(24)).toBeUndefined();
  });

  it('rejects a shape whose product is not the length (SHAPE_MISMATCH)', () => {
    expectCode(() => channelLayout(24, [2, 3, 5]), 'SHAPE_MISMATCH');
    expectCode(() => channelLayout(24, [2, -3, -4]), 'SHAPE_MISMATCH');
    expectCode(() => channelLayout(6, [2, 1.5, 2]), 'SHAPE_MISMATCH');
  });

  it('rejects a channel axis outside the shape (INVALID_OPTION)', () => {
    expectCode(() => channelLayout(24, [2, 3, 4], 3), 'INVALID_OPTION');
    expectCode(() => channelLayout(24, [2, 3, 4], -1), 'INVALID_OPTION');
    expectCode(() => channelLayout(24, [2, 3, 4], 0.5), 'INVALID_OPTION');
  });
});

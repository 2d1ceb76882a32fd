import { erfcFloat64 } from '@rectify/activation-core';
import { describe, expect, it } from 'vitest';
import { emitErfcOfXOverSqrt2, emitExpOfMinusHalfSquare, halfSquareExponential } from './erfc-over-sqrt2.js';
import type { FunctionBuilder, Local } from './function-builder.js';
import { Simd } from './opcodes.js';
import { fusedMultiplyAddModes, multiplyAddName } from '../testing/multiply-add-modes.js';
import type { PolynomialSettings } from './simd-math-accuracy.js';
import { binadeSamples, compileSimdMath, float32FromBits, linearSweep, measureAccuracy, neighbours } from './simd-math-accuracy.js';

const erfcKernel = (sign: 1 | -1, settings: PolynomialSettings) =>
  compileSimdMath((f, x) => {
    emitErfcOfXOverSqrt2(f, x, sign);
  }, 64, settings);

/** GELU, x / 2 erfc(-x / sqrt(2)), with x / 2 as the factor. */
const geluKernel = (settings: PolynomialSettings) =>
  compileSimdMath((f: FunctionBuilder, x: Local) => {
    const half = f.local('v128');
    f.get(x).f32x4(0.5).simd(Simd.f32x4Mul).set(half);
    emitErfcOfXOverSqrt2(f, x, -1, half);
  }, 64, settings);
const geluFloat64 = (x: number): number => 0.5 * x * erfcFloat64(-x * Math.SQRT1_2);

/** Every float32 from `first` on, `count` of them (by bit pattern, so in one direction of magnitude). */
const consecutive = (first: number, count: number): Float32Array => {
  const bits = new Int32Array(Float32Array.of(first).buffer)[0] ?? 0;
  return Float32Array.from({ length: count }, (_, k) => float32FromBits(bits + k));
};

const run = (kernel: ReturnType<typeof compileSimdMath>, inputs: readonly number[] | Float32Array): Float32Array => {
  const input = Float32Array.from(inputs);
  return kernel.run(input, new Float32Array(input.length));
};

describe.each(fusedMultiplyAddModes.map((fused) => [multiplyAddName(fused), { fusedMultiplyAdd: fused }] as const))('with %s', (_, settings) => {
  describe('erfc(sign x / sqrt(2)) in float32', () => {
    const samples = [...linearSweep(-15, 15, 200001), ...binadeSamples(2 ** -30, 15, 2000), ...neighbours(0.7, 50), ...neighbours(-0.7, 50)];

    it.each([1, -1] as const)('is within 3 ulp of the float64 erfc for sign %i, denormal results within 1 step of 2^-149', (sign) => {
      const inputs = Float32Array.from(samples);
      const report = measureAccuracy(inputs, run(erfcKernel(sign, settings), inputs), (x) => erfcFloat64((sign * x) / Math.SQRT2));
      expect(report.maxUlp).toBeLessThanOrEqual(3);
      expect(report.maxDenormalUlp).toBeLessThanOrEqual(1);
    });

    it('gives 1 at zero and for denormals, 0 and 2 at the infinities and beyond |x| = 14.85, and keeps NaN', () => {
      const specials = [0, -0, 2 ** -149, -(2 ** -149), Infinity, -Infinity, 14.85, -14.85, 1e30, -1e30, Number.NaN];
      const got = Array.from(run(erfcKernel(-1, settings), specials));
      expect(got).toEqual([1, 1, 1, 1, 2, 0, 2, 0, 2, 0, Number.NaN]);
    });
  });

  describe('e^(-x^2 / 2) from the split square', () => {
    const gaussian = compileSimdMath((f, x) => {
      emitExpOfMinusHalfSquare(f, halfSquareExponential(f, x));
    }, 64, settings);

    it('is within 1 ulp of the float64 exponential, denormal results within 1 step of 2^-149', () => {
      const inputs = Float32Array.from([...linearSweep(-15, 15, 200001), ...binadeSamples(2 ** -30, 15, 2000)]);
      const report = measureAccuracy(inputs, gaussian.run(inputs, new Float32Array(inputs.length)), (x) => Math.exp(-0.5 * x * x));
      expect(report.maxUlp).toBeLessThanOrEqual(1);
      expect(report.maxDenormalUlp).toBeLessThanOrEqual(1);
    });

    it('is 1 at zero, 0 at the infinities and from |x| = 14.85 on, and keeps NaN', () => {
      expect(Array.from(run(gaussian, [0, -0, Infinity, -Infinity, 14.85, -20, Number.NaN]))).toEqual([1, 1, 0, 0, 0, 0, Number.NaN]);
    });
  });

  describe('GELU from the scaled erfc', () => {
    const gelu = geluKernel(settings);
    // Bounds as measured on each window (4 is the documented bound over all float32).
    it.each([
      ['for small |x|, where the series is used', -0.0036, 2],
      ['around x = -0.7, where the series gives way to the exponential form', -0.69, 4],
      ['around x = 0.7', 0.69, 4],
      ['around x = -1.3, the largest errors over all float32', -1.29, 4],
      ['where erfc is denormal but GELU is not (x near -13.1)', -12.9, 4],
    ])('is within the bound for 2^20 consecutive float32 %s', (_, first, bound) => {
      const inputs = consecutive(first, 1 << 20);
      const report = measureAccuracy(inputs, gelu.run(inputs, new Float32Array(inputs.length)), geluFloat64);
      expect(report.maxUlp).toBeLessThanOrEqual(bound);
      expect(report.maxDenormalUlp).toBeLessThanOrEqual(2);
    });

    it('follows the formula at the special values: -0 stays -0, -inf gives NaN, +inf and large x give x', () => {
      const got = Array.from(run(gelu, [-0, 0, -20, -1e30, -Infinity, Infinity, 1e30, Number.NaN]));
      expect(got.map((v) => Object.is(v, -0))).toEqual([true, false, true, true, false, false, false, false]);
      expect(got.slice(4)).toEqual([Number.NaN, Infinity, Math.fround(1e30), Number.NaN]);
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { FunctionBuilder, Local } from './function-builder.js';
import { Simd } from './opcodes.js';
import { emitSigmoidOfCubicFromParts, sigmoidOfCubicParts } from './sigmoid-of-cubic.js';
import { fusedMultiplyAddModes, multiplyAddName } from '../testing/multiply-add-modes.js';
import type { PolynomialSettings } from './simd-math-accuracy.js';
import { binadeSamples, compileSimdMath, linearSweep, measureAccuracy, randomFloats } from './simd-math-accuracy.js';

/** factor * scale * sigmoid(b1 x + b3 x^3), from parts of its own. */
const emitSigmoidOfCubic = (f: FunctionBuilder, x: Local, b1: number, b3: number, scale: number, factor?: Local): void => {
  emitSigmoidOfCubicFromParts(f, sigmoidOfCubicParts(f, x, b1, b3), 1, scale, factor);
};

const c = Math.sqrt(2 / Math.PI);
const k = 0.044715;

/** GELU's tanh approximation x / 2 (1 + tanh(c (x + k x^3))) = x / 2 * 2 sigmoid(2c (x + k x^3)). */
const geluTanhKernel = (settings: PolynomialSettings) =>
  compileSimdMath((f: FunctionBuilder, x: Local) => {
    const half = f.local('v128');
    f.get(x).f32x4(0.5).simd(Simd.f32x4Mul).set(half);
    emitSigmoidOfCubic(f, x, 2 * c, 2 * c * k, 2, half);
  }, 64, settings);

/** sigmoid(-2c (x + k x^3)), as GELU's tanh approximation's derivative has it. */
const sigmoidOfCubicKernel = (settings: PolynomialSettings) =>
  compileSimdMath((f: FunctionBuilder, x: Local) => {
    emitSigmoidOfCubic(f, x, -2 * c, -2 * c * k, 1);
  }, 64, settings);

const sigmoidFloat64 = (v: number): number => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));

/** The same formula in float64, with the sigmoid in the form that does not cancel. */
const geluTanhFloat64 = (x: number): number => {
  const v = 2 * c * (x + k * x * x * x);
  return v >= 0 ? x / (1 + Math.exp(-v)) : (x * Math.exp(v)) / (1 + Math.exp(v));
};

describe.each(fusedMultiplyAddModes.map((fused) => [multiplyAddName(fused), { fusedMultiplyAdd: fused }] as const))('the sigmoid of a cubic formed in float64, with %s', (_, settings) => {
  const geluTanh = geluTanhKernel(settings);
  const sigmoidOfCubic = sigmoidOfCubicKernel(settings);
  const run = (inputs: readonly number[]): Float32Array => {
    const input = Float32Array.from(inputs);
    return geluTanh.run(input, new Float32Array(input.length));
  };

  it("keeps GELU's tanh approximation within 3 ulp of its float64 formula, denormal results within 1 step", () => {
    const inputs = Float32Array.from([...linearSweep(-100, 100, 400001), ...linearSweep(-14, 0, 400001), ...binadeSamples(2 ** -30, 100, 2000)]);
    const report = measureAccuracy(inputs, geluTanh.run(inputs, new Float32Array(inputs.length)), geluTanhFloat64);
    expect(report.maxUlp).toBeLessThanOrEqual(3);
    expect(report.maxDenormalUlp).toBeLessThanOrEqual(1);
  });

  it('keeps sigmoid(b1 x + b3 x^3) itself within 3 ulp, denormal results within 1 step', () => {
    const inputs = Float32Array.from([...linearSweep(-100, 100, 400001), ...linearSweep(0, 14, 400001), ...binadeSamples(2 ** -30, 100, 2000)]);
    const report = measureAccuracy(inputs, sigmoidOfCubic.run(inputs, new Float32Array(inputs.length)), (v) => sigmoidFloat64(-2 * c * (v + k * v * v * v)));
    expect(report.maxUlp).toBeLessThanOrEqual(3);
    expect(report.maxDenormalUlp).toBeLessThanOrEqual(1);
    const ends = Array.from(sigmoidOfCubic.run(Float32Array.from([-Infinity, Infinity, Number.NaN, 0]), new Float32Array(4)));
    expect(ends).toEqual([1, 0, Number.NaN, 0.5]);
  });

  it("gives sigmoid(-v) from v's parts with the bits of its own parts, scale and factor included", () => {
    const inputs = Float32Array.from([0, -0, Number.NaN, Infinity, -Infinity, 1e-45, -1e-45, ...linearSweep(-30, 30, 20001), ...randomFloats(20000, 3)]);
    const bits = (emit: (f: FunctionBuilder, x: Local, half: Local) => void): number[] => {
      const kernel = compileSimdMath((f: FunctionBuilder, x: Local) => {
        const half = f.local('v128');
        f.get(x).f32x4(0.5).simd(Simd.f32x4Mul).set(half);
        emit(f, x, half);
      }, 64, settings);
      return Array.from(new Uint32Array(kernel.run(inputs, new Float32Array(inputs.length)).buffer));
    };
    for (const [scale, withFactor] of [[1, false], [2, true]] as const) {
      const shared = bits((f, x, half) => { emitSigmoidOfCubicFromParts(f, sigmoidOfCubicParts(f, x, 2 * c, 2 * c * k), -1, scale, withFactor ? half : undefined); });
      const own = bits((f, x, half) => { emitSigmoidOfCubic(f, x, -2 * c, -2 * c * k, scale, withFactor ? half : undefined); });
      expect(shared).toEqual(own);
    }
  });

  it('follows the formula at the special values: -0 stays -0, -inf gives NaN, +inf and large x give x', () => {
    const got = Array.from(run([-0, 0, -20, -1e30, -Infinity, Infinity, 1e30, Number.NaN]));
    expect(got.map((v) => Object.is(v, -0))).toEqual([true, false, true, true, false, false, false, false]);
    expect(got.slice(4)).toEqual([Number.NaN, Infinity, Math.fround(1e30), Number.NaN]);
  });
});

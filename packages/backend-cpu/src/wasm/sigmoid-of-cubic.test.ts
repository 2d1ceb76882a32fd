import { describe, expect, it } from 'vitest';
import type { FunctionBuilder, Local } from './function-builder.js';
import { Simd } from './opcodes.js';
import { emitTwiceSigmoidOfCubic } from './sigmoid-of-cubic.js';
import { binadeSamples, compileSimdMath, linearSweep, measureAccuracy } from './simd-math-accuracy.js';

const c = Math.sqrt(2 / Math.PI);
const k = 0.044715;

/** GELU's tanh approximation x / 2 (1 + tanh(c (x + k x^3))) = x / 2 * 2 sigmoid(2c (x + k x^3)). */
const geluTanh = compileSimdMath((f: FunctionBuilder, x: Local) => {
  const half = f.local('v128');
  f.get(x).f32x4(0.5).simd(Simd.f32x4Mul).set(half);
  emitTwiceSigmoidOfCubic(f, x, 2 * c, 2 * c * k, half);
});

/** The same formula in float64, with the sigmoid in the form that does not cancel. */
const geluTanhFloat64 = (x: number): number => {
  const v = 2 * c * (x + k * x * x * x);
  return v >= 0 ? x / (1 + Math.exp(-v)) : (x * Math.exp(v)) / (1 + Math.exp(v));
};

const run = (inputs: readonly number[]): Float32Array => {
  const input = Float32Array.from(inputs);
  return geluTanh.run(input, new Float32Array(input.length));
};

describe('2 sigmoid of a cubic formed in float64', () => {
  it("keeps GELU's tanh approximation within 3 ulp of its float64 formula, denormal results within 1 step", () => {
    const inputs = Float32Array.from([...linearSweep(-100, 100, 400001), ...linearSweep(-14, 0, 400001), ...binadeSamples(2 ** -30, 100, 2000)]);
    const report = measureAccuracy(inputs, geluTanh.run(inputs, new Float32Array(inputs.length)), geluTanhFloat64);
    expect(report.maxUlp).toBeLessThanOrEqual(3);
    expect(report.maxDenormalUlp).toBeLessThanOrEqual(1);
  });

  it('follows the formula at the special values: -0 stays -0, -inf gives NaN, +inf and large x give x', () => {
    const got = Array.from(run([-0, 0, -20, -1e30, -Infinity, Infinity, 1e30, Number.NaN]));
    expect(got.map((v) => Object.is(v, -0))).toEqual([true, false, true, true, false, false, false, false]);
    expect(got.slice(4)).toEqual([Number.NaN, Infinity, Math.fround(1e30), Number.NaN]);
  });
});

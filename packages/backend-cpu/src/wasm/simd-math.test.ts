import { erfcFloat64, erfFloat64 } from '@rectify/activation-core';
import { describe, expect, it } from 'vitest';
import { fusedMultiplyAddModes, multiplyAddName } from '../testing/multiply-add-modes.js';
import type { AccuracyReport, PolynomialSettings } from './simd-math-accuracy.js';
import {
  binadeSamples,
  compileSimdMath,
  float32FromBits,
  linearSweep,
  measureAccuracy,
  neighbours,
  randomFloats,
  simdMathKernelBytes,
} from './simd-math-accuracy.js';
import type { SimdMathEmitter, SimdMathName } from './simd-math.js';
import { emitExp, emitExpm1OfNonPositive, emitExpOfNonPositive, emitSigmoid, emitSigmoidPair, emitSoftplus, emitTanhOfSoftplus, simdMathFunctions } from './simd-math.js';
import { Simd } from './opcodes.js';

const MAX = 3.4028234663852886e38;
const MIN_DENORMAL = 2 ** -149;
const LN2 = Math.LN2;
/** Where e^x overflows, leaves the normal range, falls below the smallest denormal, and rounds to 0. */
const EXP_OVERFLOW = Math.log(MAX);
const EXP_DENORMAL = Math.log(2 ** -126);
const EXP_MIN_DENORMAL = Math.log(2 ** -149);
const EXP_ZERO = Math.log(2 ** -150);

const sigmoidFloat64 = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** Points around which the range reduction of exp switches n: (k + 1/2) ln 2. */
const expSwitchPoints = (from: number, to: number, scale = 1): number[] => {
  const out: number[] = [];
  for (let k = from; k <= to; k++) out.push(...neighbours(((k + 0.5) * LN2) / scale, 6));
  return out;
};

/** Inputs where log's mantissa crosses sqrt(2) (the k boundary), in every binade from 2^lo to 2^hi. */
const sqrtTwoCrossings = (lo: number, hi: number, shift = 0): number[] => {
  const out: number[] = [];
  for (let e = lo; e <= hi; e++) out.push(...neighbours(Math.SQRT2 * 2 ** e - shift, 6));
  return out;
};

const finite = (x: number): boolean => Number.isFinite(x);
const within = (lo: number, hi: number) => (x: number) => x >= lo && x <= hi;

interface Case {
  readonly name: SimdMathName;
  readonly reference: (x: number) => number;
  /** Documented bound in float32 ulps where the reference rounds to a normal float (or 0 or inf). */
  readonly maxUlp: number;
  /** Bound in ulps where the reference rounds to a denormal (absolute steps of 2^-149). */
  readonly maxDenormalUlp: number;
  readonly specials: readonly (readonly [number, number])[];
  readonly samples: () => number[];
}

const cases: readonly Case[] = [
  {
    name: 'exp',
    reference: Math.exp,
    maxUlp: 1,
    maxDenormalUlp: 1,
    specials: [
      [Number.NaN, Number.NaN],
      [-Infinity, 0],
      [Infinity, Infinity],
      [0, 1],
      [-0, 1],
      [89, Infinity],
      [1000, Infinity],
      [MAX, Infinity],
      [-104, 0],
      [-1000, 0],
      [-MAX, 0],
      [MIN_DENORMAL, 1],
      [-MIN_DENORMAL, 1],
    ],
    samples: () => [
      ...binadeSamples(2 ** -30, 104, 3000),
      ...randomFloats(60000, 1, within(-110, 95)),
      ...linearSweep(-1e-3, 1e-3, 4001),
      ...expSwitchPoints(-151, 128),
      ...neighbours(EXP_OVERFLOW, 200),
      ...neighbours(EXP_DENORMAL, 200),
      ...neighbours(EXP_MIN_DENORMAL, 200),
      ...neighbours(EXP_ZERO, 200),
    ],
  },
  {
    name: 'expm1',
    reference: Math.expm1,
    maxUlp: 1,
    maxDenormalUlp: 0,
    specials: [
      [Number.NaN, Number.NaN],
      [-Infinity, -1],
      [Infinity, Infinity],
      [0, 0],
      [-0, -0],
      [-30, -1],
      [-MAX, -1],
      [100, Infinity],
      [MAX, Infinity],
      [1e-30, Math.fround(1e-30)],
      [-1e-30, Math.fround(-1e-30)],
      [MIN_DENORMAL, MIN_DENORMAL],
      [-MIN_DENORMAL, -MIN_DENORMAL],
    ],
    samples: () => [
      ...binadeSamples(2 ** -149, 90, 1200),
      ...randomFloats(60000, 2, within(-30, 95)),
      ...linearSweep(-1.5, 1.5, 30001),
      ...expSwitchPoints(-40, 128),
      ...neighbours(2 ** -24, 50),
      ...neighbours(-(2 ** -24), 50),
      ...neighbours(EXP_OVERFLOW, 200),
      ...neighbours(Math.log(2 ** -25), 200),
    ],
  },
  {
    name: 'log',
    reference: Math.log,
    maxUlp: 1,
    maxDenormalUlp: 0,
    specials: [
      [Number.NaN, Number.NaN],
      [0, -Infinity],
      [-0, -Infinity],
      [-1, Number.NaN],
      [-MIN_DENORMAL, Number.NaN],
      [-Infinity, Number.NaN],
      [Infinity, Infinity],
      [1, 0],
    ],
    samples: () => [
      ...binadeSamples(2 ** -149, MAX, 1200, 'positive'),
      ...randomFloats(60000, 3, (x) => x > 0 && finite(x)),
      ...neighbours(1, 3000),
      ...linearSweep(0.5, 2, 30001),
      ...sqrtTwoCrossings(-149, 127),
      ...neighbours(2 ** -126, 100),
      ...neighbours(MAX, 100).filter(finite),
    ],
  },
  {
    name: 'log1p',
    reference: Math.log1p,
    maxUlp: 1,
    maxDenormalUlp: 0,
    specials: [
      [Number.NaN, Number.NaN],
      [-1, -Infinity],
      [-1.0000001192092896, Number.NaN],
      [-2, Number.NaN],
      [-Infinity, Number.NaN],
      [Infinity, Infinity],
      [0, 0],
      [-0, -0],
      [1e-30, Math.fround(1e-30)],
      [-1e-30, Math.fround(-1e-30)],
      [MIN_DENORMAL, MIN_DENORMAL],
      [-MIN_DENORMAL, -MIN_DENORMAL],
    ],
    samples: () => [
      ...binadeSamples(2 ** -149, MAX, 1000, 'positive'),
      ...binadeSamples(2 ** -149, 1, 1000, 'positive').map((x) => -x),
      ...randomFloats(60000, 4, (x) => x > -1 && finite(x)),
      ...neighbours(-1, 2000).filter((x) => x > -1),
      ...linearSweep(-0.5, 1.5, 30001),
      ...sqrtTwoCrossings(-1, 30, 1),
      ...sqrtTwoCrossings(-24, -1, 1),
      ...neighbours(2 ** 24, 100),
    ],
  },
  {
    name: 'tanh',
    reference: Math.tanh,
    maxUlp: 1,
    maxDenormalUlp: 0,
    specials: [
      [Number.NaN, Number.NaN],
      [Infinity, 1],
      [-Infinity, -1],
      [0, 0],
      [-0, -0],
      [20, 1],
      [-20, -1],
      [MAX, 1],
      [1e-30, Math.fround(1e-30)],
      [-1e-30, Math.fround(-1e-30)],
      [MIN_DENORMAL, MIN_DENORMAL],
      [-MIN_DENORMAL, -MIN_DENORMAL],
    ],
    samples: () => [
      ...binadeSamples(2 ** -149, 16, 1500),
      ...randomFloats(60000, 5, within(-12, 12)),
      ...linearSweep(-2, 2, 40001),
      ...neighbours(0.625, 300),
      ...neighbours(-0.625, 300),
      ...neighbours(9.5, 100),
      ...expSwitchPoints(0, 28, 2),
    ],
  },
  {
    name: 'sigmoid',
    reference: sigmoidFloat64,
    maxUlp: 2,
    maxDenormalUlp: 1,
    specials: [
      [Number.NaN, Number.NaN],
      [-Infinity, 0],
      [Infinity, 1],
      [0, 0.5],
      [-0, 0.5],
      [100, 1],
      [MAX, 1],
      [-104, 0],
      [-1000, 0],
      [-MAX, 0],
    ],
    samples: () => [
      ...binadeSamples(2 ** -30, 110, 3000),
      ...randomFloats(60000, 6, within(-110, 110)),
      ...linearSweep(-4, 4, 40001),
      ...expSwitchPoints(-151, 0).map((x) => -Math.abs(x)),
      ...neighbours(EXP_DENORMAL, 200),
      ...neighbours(EXP_MIN_DENORMAL, 200),
      ...neighbours(16.635532, 100),
    ],
  },
  {
    name: 'erf',
    reference: erfFloat64,
    maxUlp: 1,
    maxDenormalUlp: 1,
    specials: [
      [Number.NaN, Number.NaN],
      [Infinity, 1],
      [-Infinity, -1],
      [0, 0],
      [-0, -0],
      [10, 1],
      [-10, -1],
      [MAX, 1],
      [-MAX, -1],
    ],
    samples: () => [
      ...binadeSamples(2 ** -149, 8, 800),
      ...randomFloats(40000, 7, within(-6, 6)),
      ...linearSweep(-4, 4, 20001),
      ...neighbours(1, 300),
      ...neighbours(-1, 300),
      ...neighbours(4, 100),
      ...neighbours(3.9192, 300),
    ],
  },
  {
    name: 'erfc',
    reference: erfcFloat64,
    maxUlp: 1,
    maxDenormalUlp: 1,
    specials: [
      [Number.NaN, Number.NaN],
      [Infinity, 0],
      [-Infinity, 2],
      [0, 1],
      [-0, 1],
      [11, 0],
      [MAX, 0],
      [-20, 2],
      [-MAX, 2],
    ],
    samples: () => [
      ...binadeSamples(2 ** -30, 10.5, 1500),
      ...randomFloats(40000, 8, within(-10.5, 10.5)),
      ...linearSweep(-10, 10, 40001),
      ...neighbours(9.1945, 300),
      ...neighbours(10.0542, 300),
      ...neighbours(3, 100),
    ],
  },
];

const show = (value: number | undefined): string => (Object.is(value, -0) ? '-0' : String(value));

const run = (emitter: SimdMathEmitter, inputs: readonly number[], settings: PolynomialSettings = {}): { inputs: Float32Array; outputs: Float32Array } => {
  const input = Float32Array.from(inputs);
  return { inputs: input, outputs: compileSimdMath(emitter, 64, settings).run(input) };
};

/**
 * Kernels choose how the exponential's polynomial is evaluated (build-kernel.ts), and the backend
 * fuses multiply-adds where relaxed SIMD is offered: every combination holds the bounds.
 */
const settingsToTest: readonly PolynomialSettings[] = (['estrin', 'horner'] as const).flatMap((polynomialScheme) =>
  fusedMultiplyAddModes.map((fusedMultiplyAdd) => ({ polynomialScheme, fusedMultiplyAdd })),
);
const settingsName = (settings: PolynomialSettings): string => `${settings.polynomialScheme ?? 'estrin'}, ${multiplyAddName(settings.fusedMultiplyAdd === true)}`;

const describeReport = (name: string, report: AccuracyReport): string =>
  `${name}: ${report.count} inputs, max ${report.maxUlp} ulp at x = ${report.worstInput} (got ${report.worstGot}, want ${report.worstWant}), ` +
  `denormal results ${report.maxDenormalUlp} ulp, relative ${(report.maxRelative * 2 ** 24).toFixed(2)} * 2^-24`;

describe('SIMD math emitters', () => {
  it('compile to valid modules and cover every function', () => {
    expect(Object.keys(simdMathFunctions).sort()).toEqual(['erf', 'erfc', 'exp', 'expm1', 'log', 'log1p', 'sigmoid', 'tanh']);
    for (const emitter of Object.values(simdMathFunctions)) {
      expect(WebAssembly.validate(simdMathKernelBytes(emitter, 1))).toBe(true);
    }
  });

  for (const [testCase, settings] of cases.flatMap((testCase) => settingsToTest.map((settings) => [testCase, settings] as const))) {
    describe(`${testCase.name} (${settingsName(settings)})`, () => {
      it('is exact at special values', () => {
        const { outputs } = run(simdMathFunctions[testCase.name], testCase.specials.map(([x]) => x), settings);
        testCase.specials.forEach(([x, want], i) => {
          const got = outputs[i];
          const message = `${testCase.name}(${show(x)}) = ${show(got)}, want ${show(want)}`;
          expect(Number.isNaN(want) ? Number.isNaN(got) : Object.is(got, want), message).toBe(true);
        });
      });

      it(`stays within ${testCase.maxUlp} ulp of the float64 reference`, () => {
        const { inputs, outputs } = run(simdMathFunctions[testCase.name], testCase.samples(), settings);
        const report = measureAccuracy(inputs, outputs, testCase.reference);
        const message = describeReport(testCase.name, report);
        expect(report.maxUlp, message).toBeLessThanOrEqual(testCase.maxUlp);
        expect(report.maxDenormalUlp, message).toBeLessThanOrEqual(testCase.maxDenormalUlp);
      });
    });
  }

  it('erfc keeps its relative accuracy over [-10, 10] where results are normal', () => {
    const { inputs, outputs } = run(simdMathFunctions.erfc, linearSweep(-10, 10, 100001));
    const report = measureAccuracy(inputs, outputs, erfcFloat64);
    expect(report.maxRelative, describeReport('erfc', report)).toBeLessThan(2 * 2 ** -24);
  });

  it.each(settingsToTest.map((settings) => [settingsName(settings), settings] as const))('tanh(softplus(u)), as Mish computes it, stays within 3 ulp and keeps the special values (%s)', (_, settings) => {
    const tanhOfSoftplus = (u: number): number => (u > 20 ? 1 : Math.tanh(Math.log1p(Math.exp(u))));
    const { inputs, outputs } = run(emitTanhOfSoftplus, [...linearSweep(-87, 30, 200001), ...binadeSamples(2 ** -30, 30, 200)], settings);
    const report = measureAccuracy(inputs, outputs, tanhOfSoftplus);
    expect(report.maxUlp, describeReport('tanh(softplus)', report)).toBeLessThanOrEqual(3);
    const specials = run(emitTanhOfSoftplus, [Number.NaN, Infinity, -Infinity, 100, -200, -0]).outputs;
    expect(Array.from(specials, show)).toEqual(['NaN', '1', '0', '1', '0', show(Math.fround(Math.tanh(Math.log(2))))]);
  });

  it.each(settingsToTest.map((settings) => [settingsName(settings), settings] as const))('softplus log1p(e^u) stays within 2 ulp, denormal results included, and keeps the special values (%s)', (_, settings) => {
    const softplus = (u: number): number => (u > 0 ? u + Math.log1p(Math.exp(-u)) : Math.log1p(Math.exp(u)));
    const samples = [-0, 0, ...linearSweep(-110, 100, 200001), ...binadeSamples(2 ** -40, 40, 200), ...randomFloats(40000, 11, within(-104, 104))];
    const { inputs, outputs } = run(emitSoftplus, samples, settings);
    const report = measureAccuracy(inputs, outputs, softplus);
    expect(report.maxUlp, describeReport('softplus', report)).toBeLessThanOrEqual(2);
    expect(report.maxDenormalUlp, describeReport('softplus', report)).toBeLessThanOrEqual(1);
    const specials = run(emitSoftplus, [Number.NaN, Infinity, -Infinity, 3e38, -200]).outputs;
    expect(Array.from(specials, show)).toEqual(['NaN', 'Infinity', '0', show(Math.fround(3e38)), '0']);
  });

  it.each([
    ['exp', emitExpOfNonPositive, Math.exp, [[-Infinity, 0], [-0, 1], [0, 1], [-104, 0], [-MIN_DENORMAL, 1], [Number.NaN, Number.NaN]]],
    ['expm1', emitExpm1OfNonPositive, Math.expm1, [[-Infinity, -1], [-0, -0], [0, 0], [-30, -1], [-MIN_DENORMAL, -MIN_DENORMAL], [Number.NaN, Number.NaN]]],
  ] as const)('%s for non-positive arguments keeps the general bound and special values on x <= 0', (name, emitter, reference, specials) => {
    const samples = [...binadeSamples(2 ** -149, 104, 1200).filter((x) => x < 0), ...randomFloats(40000, 9, within(-110, 0)), ...linearSweep(-2, 0, 20001)];
    const { inputs, outputs } = run(emitter, samples);
    const report = measureAccuracy(inputs, outputs, reference);
    expect(report.maxUlp, describeReport(name, report)).toBeLessThanOrEqual(1);
    expect(report.maxDenormalUlp, describeReport(name, report)).toBeLessThanOrEqual(name === 'exp' ? 1 : 0);
    const got = run(emitter, specials.map(([x]) => x)).outputs;
    expect(Array.from(got, show)).toEqual(specials.map(([, want]) => show(want)));
  });

  it.each(settingsToTest.map((settings) => [settingsName(settings), settings] as const))('the sigmoid pair gives sigmoid(x) and sigmoid(-x) with the bits of two separate sigmoids (%s)', (_, settings) => {
    const samples = [Number.NaN, Infinity, -Infinity, 0, -0, MIN_DENORMAL, -MIN_DENORMAL, ...binadeSamples(2 ** -149, 110, 300), ...randomFloats(40000, 5, within(-120, 120))];
    const pairValue: SimdMathEmitter = (f, x) => { emitSigmoidPair(f, x, f.local('v128')); };
    const pairOfNegated: SimdMathEmitter = (f, x) => {
      const ofNegated = f.local('v128');
      emitSigmoidPair(f, x, ofNegated);
      f.set(f.local('v128')).get(ofNegated);
    };
    const ofNegated: SimdMathEmitter = (f, x) => {
      const negated = f.local('v128');
      f.get(x).simd(Simd.f32x4Neg).set(negated);
      emitSigmoid(f, negated);
    };
    const bits = (emitter: SimdMathEmitter): number[] => Array.from(new Uint32Array(run(emitter, samples, settings).outputs.buffer));
    expect(bits(pairValue)).toEqual(bits(emitSigmoid));
    expect(bits(pairOfNegated)).toEqual(bits(ofNegated));
  });

  it('lanes are independent: a special value does not disturb its neighbours', () => {
    const inputs = [Number.NaN, 0.5, -Infinity, 2, Infinity, -3, 0, 1e-40];
    for (const [name, emitter] of Object.entries(simdMathFunctions)) {
      const { outputs } = run(emitter, inputs);
      const single = inputs.map((x) => run(emitter, [x]).outputs[0]);
      expect(Array.from(outputs), name).toEqual(single);
    }
  });

  it('the measurement notices an error of a few ulps', () => {
    // exp scaled by 1 + 2^-22: about 4 ulps off, which the exp bound must reject.
    const perturbed: SimdMathEmitter = (f, x) => {
      emitExp(f, x);
      f.f32x4(1 + 2 ** -22).simd(Simd.f32x4Mul);
    };
    const samples = linearSweep(-10, 10, 10001);
    const { inputs, outputs } = run(perturbed, samples);
    expect(measureAccuracy(inputs, outputs, Math.exp).maxUlp).toBeGreaterThan(cases[0]?.maxUlp ?? 0);
    // A float64 reference off by the same factor is caught the other way round.
    const exact = run(emitExp, samples);
    expect(measureAccuracy(exact.inputs, exact.outputs, (x) => Math.exp(x) * (1 + 2 ** -22)).maxUlp).toBeGreaterThan(1);
  });

  it('ulp distance follows float32 ordering across zero', () => {
    const tiny = float32FromBits(1);
    const { inputs, outputs } = run((f, x) => f.get(x), [tiny, -tiny]);
    expect(measureAccuracy(inputs, outputs, (x) => -x).maxDenormalUlp).toBe(2);
  });
});

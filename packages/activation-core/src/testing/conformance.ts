import { analyze, containsOp } from '../analysis/analyze.js';
import type { Backend, BackwardResult } from '../backend/types.js';
import type { ActivationDefinition } from '../definition/definition.js';
import type { ParamValue } from '../definition/param-spec.js';
import { findKinks } from '../ir/kinks.js';
import { ulpDistance } from '../math/ulp.js';
import { referenceBackward, referenceForward } from '../reference/evaluate.js';
import type { ReferenceOptions } from '../reference/evaluate.js';
import type { Registry } from '../registry/registry.js';
import { checkDerivatives } from './derivative-check.js';
import { isExactInFloat32 } from './exactness.js';
import { aroundKinks, normalSamples, specialInputs } from './inputs.js';

/** The two functions of a test runner the suite needs (vitest, jest, node:test all fit). */
export interface TestApi {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => void | Promise<void>): void;
}

export interface Tolerance {
  /** Allowed float32 ulp distance from the reference for forward outputs. */
  readonly forwardUlp: number;
  /**
   * Allowed error of input gradients: within this many ulps of the reference, or within this many
   * ulps of 1 times |gradOutput| (derivative formulas lose relative accuracy where the activation
   * saturates, in float32 backends and PyTorch alike; there the error is absolute).
   */
  readonly gradientUlp: number;
}

export interface ConformanceOptions {
  /** The backend under test. */
  readonly backend: Backend;
  /** Definitions to check; defaults to every id in the backend's registry when the suite is declared. */
  readonly ids?: readonly string[];
  /** Tolerances per definition. Default: exact for definitions exact in float32, else 4 ulp forward and 8 ulp for gradients. */
  readonly tolerance?: (definition: ActivationDefinition, exact: boolean) => Tolerance;
  /** A second backend whose results must agree with the tested one within the same tolerance. */
  readonly compareWith?: Backend;
  /**
   * Outputs whose reference and actual magnitudes are both below this pass (denormal results carry
   * few significant bits, and backends may flush them); default: the smallest normal float32, 2^-126.
   */
  readonly ignoreBelow?: number;
}

export class ConformanceError extends Error {
  override readonly name = 'ConformanceError';
}

const smallestNormal = 2 ** -126;

/**
 * Backward is checked at the special values except huge finite inputs: there float32 intermediates
 * of a derivative (a cubic term inside tanh, say) overflow where the float64 reference does not, and
 * every float32 implementation, PyTorch's included, returns NaN.
 */
const backwardSpecialInputs = specialInputs.filter((value) => !(Number.isFinite(value) && Math.abs(value) > 1e4));

const defaultTolerance = (_definition: ActivationDefinition, exact: boolean): Tolerance =>
  exact ? { forwardUlp: 0, gradientUlp: 0 } : { forwardUlp: 4, gradientUlp: 8 };

const format = (value: number): string => (Object.is(value, -0) ? '-0' : String(value));

function assertClose(label: string, inputs: ArrayLike<number>, expected: ArrayLike<number>, actual: ArrayLike<number>, ulps: number, ignoreBelow: number): void {
  if (actual.length < expected.length) throw new ConformanceError(`${label}: got ${actual.length} values, expected ${expected.length}.`);
  const failures: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] ?? Number.NaN;
    const a = actual[i] ?? Number.NaN;
    if (Math.abs(e) < ignoreBelow && Math.abs(a) < ignoreBelow) continue;
    const distance = ulpDistance(e, a);
    if (distance > ulps) failures.push(`x=${format(inputs[i] ?? Number.NaN)}: expected ${format(e)}, got ${format(a)} (${distance} ulp)`);
  }
  if (failures.length > 0) {
    throw new ConformanceError(`${label}: ${failures.length} of ${expected.length} outside ${ulps} ulp; first: ${failures.slice(0, 5).join('; ')}`);
  }
}

function assertGradientClose(label: string, inputs: ArrayLike<number>, upstream: ArrayLike<number>, expected: ArrayLike<number>, actual: ArrayLike<number>, ulps: number, ignoreBelow: number): void {
  const failures: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] ?? Number.NaN;
    const a = actual[i] ?? Number.NaN;
    if (Math.abs(e) < ignoreBelow && Math.abs(a) < ignoreBelow) continue;
    const distance = ulpDistance(e, a);
    const absoluteBound = ulps * 2 ** -23 * Math.abs(upstream[i] ?? 0);
    if (distance > ulps && !(Math.abs(a - e) <= absoluteBound)) failures.push(`x=${format(inputs[i] ?? Number.NaN)}: expected ${format(e)}, got ${format(a)} (${distance} ulp)`);
  }
  if (failures.length > 0) {
    throw new ConformanceError(`${label}: ${failures.length} of ${expected.length} outside ${ulps} ulp (or ${ulps} ulp of |gradOutput|); first: ${failures.slice(0, 5).join('; ')}`);
  }
}

function assertRelative(label: string, expected: number, actual: number, tolerance: number): void {
  const error = Math.abs(expected - actual) / Math.max(1, Math.abs(expected));
  if (!(error <= tolerance) && !(Number.isNaN(expected) && Number.isNaN(actual))) {
    throw new ConformanceError(`${label}: expected ${expected}, got ${actual} (relative error ${error}).`);
  }
}

/** Sample parameter values: defaults, plus one moved inside its range for each real-valued parameter. */
function parameterSets(definition: ActivationDefinition): Record<string, number>[] {
  const sets: Record<string, number>[] = [{}];
  const moved: Record<string, number> = {};
  for (const [name, spec] of Object.entries(definition.params)) {
    if (spec.integer === true) continue;
    let candidate = spec.default === 0 ? 0.37 : spec.default * 1.37;
    if (spec.max !== undefined && candidate >= spec.max) candidate = (spec.default + spec.max) / 2;
    if (spec.min !== undefined && candidate <= spec.min) candidate = (spec.default + (spec.max ?? spec.default + 1)) / 2;
    if (candidate !== spec.default) moved[name] = candidate;
  }
  if (Object.keys(moved).length > 0) sets.push(moved);
  for (const [name, spec] of Object.entries(definition.params)) {
    if (spec.choices !== undefined) spec.choices.forEach((_, index) => { if (index !== spec.default) sets.push({ [name]: index }); });
  }
  return sets;
}

const toFloat32 = (values: ArrayLike<number>): Float32Array => Float32Array.from(values);

type Params = Readonly<Record<string, ParamValue>>;

async function forwardOf(backend: Backend, id: string, input: Float32Array, params: Params, options: object = {}): Promise<Float32Array> {
  return await backend.forward(id, Float32Array.from(input), params, options);
}

async function backwardOf(backend: Backend, id: string, input: Float32Array, grad: Float32Array, params: Params, options: object = {}): Promise<BackwardResult> {
  return await backend.backward(id, Float32Array.from(input), Float32Array.from(grad), params, options);
}

function referenceOf(definition: ActivationDefinition, input: Float32Array, params: object, options: ReferenceOptions = {}): Float32Array {
  return toFloat32(referenceForward(definition, input, params, { ...options, float32Uniforms: true }));
}

/**
 * Declares the conformance suite: for every definition, forward against the float64 reference on
 * random and special inputs and at the kinks, vector tails, caller buffers, backward (input and
 * parameter gradients, and the input gradient alone), per-channel parameters, training-mode draws,
 * derivatives against finite differences, and agreement with a second backend.
 */
export function describeConformance(test: TestApi, options: ConformanceOptions): void {
  const { backend } = options;
  const registry: Registry = backend.registry;
  const ids = options.ids ?? registry.list().map((definition) => definition.id);
  const toleranceOf = options.tolerance ?? defaultTolerance;
  const ignoreBelow = options.ignoreBelow ?? smallestNormal;

  test.describe(`conformance: ${backend.name}`, () => {
    for (const id of ids) {
      test.describe(id, () => {
        const definitionOf = (): ActivationDefinition => registry.get(id);
        const settings = () => {
          const definition = definitionOf();
          const exact = isExactInFloat32(definition);
          return { definition, exact, tolerance: toleranceOf(definition, exact) };
        };

        test.it('forward matches the float64 reference on random, special and kink inputs', async () => {
          const { definition, tolerance } = settings();
          for (const params of parameterSets(definition)) {
            const kinks = findKinks(definition, params);
            const input = toFloat32([...specialInputs, ...aroundKinks(kinks), ...normalSamples(1000, 1, 3), ...normalSamples(200, 2, 100)]);
            const actual = await forwardOf(backend, id, input, params);
            assertClose(`${id} ${JSON.stringify(params)} forward`, input, referenceOf(definition, input, params), actual, tolerance.forwardUlp, ignoreBelow);
          }
        });

        test.it('propagates NaN and keeps infinities as the reference does', async () => {
          const { definition } = settings();
          const input = toFloat32([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN]);
          const actual = await forwardOf(backend, id, input, {});
          const expected = referenceOf(definition, input, {});
          for (let i = 0; i < input.length; i++) {
            const e = expected[i] ?? 0;
            const a = actual[i] ?? 0;
            if (Number.isNaN(e) !== Number.isNaN(a) || (!Number.isNaN(e) && Math.abs(e) === Number.POSITIVE_INFINITY && e !== a)) {
              throw new ConformanceError(`${id}: f(${format(input[i] ?? 0)}) should be ${format(e)}, got ${format(a)}.`);
            }
          }
        });

        test.it('handles every tail length (0..9, n mod 4 = 0..3) and leaves the rest of `out` untouched', async () => {
          const { definition, tolerance } = settings();
          for (const length of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1021, 1022, 1023, 1024]) {
            const input = toFloat32(normalSamples(length, 10 + length, 2));
            const out = new Float32Array(length + 5).fill(12345);
            await backend.forward(id, input, {}, { out });
            assertClose(`${id} length ${length}`, input, referenceOf(definition, input, {}), out.subarray(0, length), tolerance.forwardUlp, ignoreBelow);
            if (!out.subarray(length).every((value) => value === 12345)) throw new ConformanceError(`${id}: wrote past the input length ${length} into out.`);
          }
        });

        test.it('supports inPlace', async () => {
          const { definition, tolerance } = settings();
          const input = toFloat32(normalSamples(37, 3, 2));
          const expected = referenceOf(definition, input, {});
          const buffer = Float32Array.from(input);
          const result = await backend.forward(id, buffer, {}, { inPlace: true });
          if (result !== buffer) throw new ConformanceError(`${id}: inPlace must return the input buffer.`);
          assertClose(`${id} inPlace`, input, expected, buffer, tolerance.forwardUlp, ignoreBelow);
        });

        test.it('backward matches the reference for the input and learnable parameters', async () => {
          const { definition, tolerance } = settings();
          for (const params of parameterSets(definition)) {
            const kinks = findKinks(definition, params);
            const input = toFloat32([...backwardSpecialInputs, ...aroundKinks(kinks), ...normalSamples(500, 4, 3)]);
            const grad = toFloat32(normalSamples(input.length, 5, 1));
            const actual = await backwardOf(backend, id, input, grad, params);
            const expected = referenceBackward(definition, input, grad, params, { float32Uniforms: true });
            assertGradientClose(`${id} ${JSON.stringify(params)} gradInput`, input, grad, toFloat32(expected.gradInput), actual.gradInput, tolerance.gradientUlp, ignoreBelow);
            const finite = input.map((value) => (Number.isFinite(value) && Math.abs(value) < 1e4 ? value : 0.5));
            const finiteResult = await backwardOf(backend, id, finite, grad, params);
            const finiteExpected = referenceBackward(definition, finite, grad, params, { float32Uniforms: true });
            for (const name of analyze(definition).learnableParams) {
              assertRelative(`${id} gradParams.${name}`, Number(finiteExpected.gradParams[name]), Number(finiteResult.gradParams[name]), 1e-4);
            }
          }
        });

        test.it('backward from a saved forward output reads it where the derivative is written in terms of it', async () => {
          const { definition, tolerance } = settings();
          const input = toFloat32([...backwardSpecialInputs, ...normalSamples(500, 10, 3)]);
          const grad = toFloat32(normalSamples(input.length, 11, 1));
          for (const params of parameterSets(definition)) {
            const forward = await forwardOf(backend, id, input, params);
            // The saved output itself, and one scaled by 3/4: only a kernel that reads y follows the second.
            for (const [label, output] of [['the output', forward], ['a scaled output', forward.map((value) => value * 0.75)]] as const) {
              const actual = await backwardOf(backend, id, input, grad, params, { output });
              const where = `${id} ${JSON.stringify(params)} gradInput from ${label}`;
              if (containsOp(analyze(definition).derivativeFromOutput, 'output')) {
                const expected = referenceBackward(definition, input, grad, params, { float32Uniforms: true, output });
                assertGradientClose(where, input, grad, toFloat32(expected.gradInput), actual.gradInput, tolerance.gradientUlp, ignoreBelow);
              } else {
                const recomputed = await backwardOf(backend, id, input, grad, params);
                assertClose(`${where}, which it does not read`, input, recomputed.gradInput, actual.gradInput, 0, 0);
              }
            }
          }
        });

        test.it('per-channel parameters follow channel axis 1 in 2-D and 4-D shapes', async () => {
          const { definition, tolerance } = settings();
          const perChannel = Object.entries(definition.params).filter(([, spec]) => spec.perChannel === true);
          for (const shape of [[4, 3], [2, 3, 2, 5]]) {
            const channels = shape[1] ?? 1;
            const length = shape.reduce((total, size) => total * size, 1);
            const params = Object.fromEntries(perChannel.map(([name, spec]) => [name, Float32Array.from({ length: channels }, (_, c) => spec.default + 0.1 * (c + 1))]));
            const input = toFloat32(normalSamples(length, 6, 2));
            const actual = await forwardOf(backend, id, input, params, { shape });
            assertClose(`${id} shape [${shape.join(',')}]`, input, referenceOf(definition, input, params, { shape }), actual, tolerance.forwardUlp, ignoreBelow);
            const grad = toFloat32(normalSamples(length, 8, 1));
            const result = await backwardOf(backend, id, input, grad, params, { shape });
            const expected = referenceBackward(definition, input, grad, params, { shape, float32Uniforms: true });
            assertGradientClose(`${id} shape [${shape.join(',')}] gradInput`, input, grad, toFloat32(expected.gradInput), result.gradInput, tolerance.gradientUlp, ignoreBelow);
            for (const [name] of perChannel) {
              const want = expected.gradParams[name];
              const got = result.gradParams[name];
              if (!(want instanceof Float64Array) || !(got instanceof Float32Array) || got.length !== channels) {
                throw new ConformanceError(`${id}: gradParams.${name} must hold one value per channel (${channels}).`);
              }
              want.forEach((value, channel) => { assertRelative(`${id} gradParams.${name}[${channel}]`, value, got[channel] ?? Number.NaN, 1e-4); });
            }
          }
        });

        test.it('backward without parameter gradients gives the same input gradient and no parameter gradients', async () => {
          const definition = definitionOf();
          const channels = 3;
          const perChannel = Object.entries(definition.params).filter(([, spec]) => spec.perChannel === true);
          const channelParams = Object.fromEntries(perChannel.map(([name, spec]) => [name, Float32Array.from({ length: channels }, (_, c) => spec.default + 0.1 * (c + 1))]));
          const cases: [Params, object][] = parameterSets(definition).map((params) => [params, {}]);
          if (perChannel.length > 0) cases.push([channelParams, { shape: [4, channels, 25] }]);
          const input = toFloat32([...backwardSpecialInputs, ...normalSamples(300 - backwardSpecialInputs.length, 12, 3)]);
          const grad = toFloat32(normalSamples(input.length, 13, 1));
          for (const [params, options] of cases) {
            const where = `${id} ${JSON.stringify(params)} without parameter gradients`;
            const full = await backwardOf(backend, id, input, grad, params, options);
            const inputOnly = await backwardOf(backend, id, input, grad, params, { ...options, paramGradients: false });
            const names = Object.keys(inputOnly.gradParams);
            if (names.length > 0) throw new ConformanceError(`${where}: gradParams must be empty, got [${names.join(', ')}].`);
            assertClose(`${where}: gradInput against the call with them`, input, full.gradInput, inputOnly.gradInput, 0, 0);
          }
        });

        test.it('training mode repeats for a seed and matches the reference draws', async () => {
          const { definition, tolerance } = settings();
          const input = toFloat32(normalSamples(257, 9, 2));
          const first = await forwardOf(backend, id, input, {}, { training: true, seed: 42 });
          const again = await forwardOf(backend, id, input, {}, { training: true, seed: 42 });
          if (!first.every((value, index) => Object.is(value, again[index]))) throw new ConformanceError(`${id}: training forward differs between two calls with the same seed.`);
          const expected = referenceOf(definition, input, {}, { training: true, seed: 42 });
          const trainingUlp = isExactInFloat32(definition, true) ? tolerance.forwardUlp : Math.max(tolerance.forwardUlp, 4);
          assertClose(`${id} training forward`, input, expected, first, trainingUlp, ignoreBelow);
          if (analyze(definition).usesUniform) {
            const other = await forwardOf(backend, id, input, {}, { training: true, seed: 43 });
            if (other.every((value, index) => Object.is(value, first[index]))) throw new ConformanceError(`${id}: training draws do not depend on the seed.`);
          }
        });

        test.it('derivatives agree with finite differences away from kinks', () => {
          const definition = definitionOf();
          for (const params of parameterSets(definition)) {
            const report = checkDerivatives(definition, params);
            const failed = report.checks.filter((check) => !check.ok);
            if (failed.length > 0) {
              throw new ConformanceError(`${id} ${JSON.stringify(params)}: ${failed.map((check) => `${check.what} off by ${check.maxError} at x=${check.worstInput}`).join('; ')}`);
            }
          }
        });

        const other = options.compareWith;
        if (other !== undefined) {
          test.it(`agrees with ${other.name}`, async () => {
            const { tolerance } = settings();
            const input = toFloat32([...specialInputs, ...normalSamples(1000, 11, 4)]);
            const mine = await forwardOf(backend, id, input, {});
            const theirs = await forwardOf(other, id, input, {});
            assertClose(`${id} ${backend.name} vs ${other.name}`, input, theirs, mine, 2 * tolerance.forwardUlp, ignoreBelow);
          });
        }
      });
    }
  });
}

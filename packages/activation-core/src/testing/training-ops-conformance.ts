import { analyze } from '../analysis/analyze.js';
import type { ActivationCall, DeviceTensor, OptimizerHyperparameters, OptimizerKind, TrainingBackend } from '../backend/training-ops.js';
import { optimizerFactors, optimizerStateCount, resolveOptimizer } from '../backend/validate-training-call.js';
import { builtinActivations } from '../builtins/index.js';
import type { ActivationDefinition } from '../definition/definition.js';
import { isRectifyError } from '../errors.js';
import { findKinks } from '../ir/kinks.js';
import type { ReferenceTensor, ReferenceTrainingBackend } from '../reference/reference-training-backend.js';
import { createReferenceTrainingBackend } from '../reference/reference-training-backend.js';
import type { Registry } from '../registry/registry.js';
import { createRegistry } from '../registry/registry.js';
import type { TestApi } from './conformance.js';
import { ConformanceError } from './conformance.js';
import { isExactInFloat32 } from './exactness.js';
import { aroundKinks, normalSamples, seededRandom } from './inputs.js';
import {
  accumulationFactor,
  assertGradientUlps,
  assertIdentical,
  assertRelative,
  assertUlps,
  assertWithinBound,
  matmulBound,
  unitRoundoff,
} from './training-tolerances.js';

export interface TrainingConformanceOptions {
  /** `describe` and `it` of the test runner; defaults to global ones (vitest with globals, jest, mocha). */
  readonly test?: TestApi;
  /** Registry whose activations are checked; defaults to the built-ins. Pass the one the backend uses. */
  readonly registry?: Registry;
  /** Activation ids to check; defaults to every id in `registry` when the suite is declared. */
  readonly ids?: readonly string[];
  /** Allowed ulps of activation outputs against the reference; default 0 for float32-exact definitions, else 4. */
  readonly ulpBound?: (definition: ActivationDefinition, exact: boolean) => number;
  /** Allowed ulps of input gradients (or ulps of |gradOutput|); default 0 for exact definitions, else 8. */
  readonly gradientUlpBound?: (definition: ActivationDefinition, exact: boolean) => number;
  /** Activation results with both magnitudes below this pass (denormals may be flushed); default 2^-126. */
  readonly ignoreBelow?: number;
}

type Maybe<T> = T | Promise<T>;

const smallestNormal = 2 ** -126;

/** Sizes that catch edge handling: 1, odd, around the SIMD and tile widths, and MNIST's 784. */
export const awkwardMatmulShapes: readonly (readonly [m: number, k: number, n: number])[] = [
  [1, 1, 1],
  [3, 5, 17],
  [5, 17, 3],
  [17, 3, 5],
  [1, 784, 3],
  [63, 64, 65],
  [64, 65, 63],
  [65, 63, 64],
  [129, 17, 1],
  [5, 129, 63],
  [64, 784, 128],
  [784, 64, 128],
  [128, 64, 64],
  [64, 10, 64],
];

const float32 = (values: readonly number[]): Float32Array => Float32Array.from(values);
const normal = (count: number, seed: number, scale = 1): Float32Array => float32(normalSamples(count, seed, scale));

function globalTestApi(): TestApi {
  const host = globalThis as { describe?: unknown; it?: unknown };
  if (typeof host.describe === 'function' && typeof host.it === 'function') {
    return { describe: host.describe as TestApi['describe'], it: host.it as TestApi['it'] };
  }
  throw new ConformanceError('describeTrainingOpsConformance: no global describe/it; pass options.test = { describe, it } from your test runner.');
}

/** A value per channel inside the parameter's range: default + 0.1 (c + 1), else the default. */
function channelValues(definition: ActivationDefinition, name: string, channels: number): Float32Array {
  const spec = definition.params[name];
  const fallback = spec?.default ?? 0;
  return Float32Array.from({ length: channels }, (_, c) => {
    const candidate = fallback + 0.1 * (c + 1);
    const above = spec?.min === undefined || candidate > spec.min;
    const below = spec?.max === undefined || candidate < spec.max;
    return above && below ? candidate : fallback;
  });
}

async function expectRejection(label: string, run: () => unknown, codes: readonly string[]): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (isRectifyError(error) && codes.includes(error.code)) return;
    throw new ConformanceError(`${label}: expected a RectifyError with code ${codes.join(' or ')}, got ${String(error)}.`);
  }
  throw new ConformanceError(`${label}: expected a RectifyError with code ${codes.join(' or ')}, but the call succeeded.`);
}

/** One test case's view of both backends; every tensor made through it is disposed at the end. */
class Session<T extends DeviceTensor> {
  private readonly live: T[] = [];
  private readonly liveReference: ReferenceTensor[] = [];

  constructor(
    readonly backend: TrainingBackend<T>,
    readonly reference: ReferenceTrainingBackend,
  ) {}

  keep<U extends T | undefined>(tensor: U): U {
    if (tensor !== undefined) this.live.push(tensor);
    return tensor;
  }

  keepReference(tensor: ReferenceTensor): ReferenceTensor {
    this.liveReference.push(tensor);
    return tensor;
  }

  mine(values: Float32Array, shape: readonly number[]): T {
    return this.keep(this.backend.tensor(values, shape));
  }

  theirs(values: Float32Array, shape: readonly number[]): ReferenceTensor {
    return this.keepReference(this.reference.tensor(values, shape));
  }

  both(values: Float32Array, shape: readonly number[]): { readonly mine: T; readonly theirs: ReferenceTensor } {
    return { mine: this.mine(values, shape), theirs: this.theirs(values, shape) };
  }

  async read(tensor: T): Promise<Float32Array> {
    return await this.backend.read(tensor);
  }

  async readReference(tensor: ReferenceTensor): Promise<Float32Array> {
    return await this.reference.read(tensor);
  }

  close(): void {
    for (const tensor of this.live) if (!tensor.disposed) this.backend.dispose(tensor);
    for (const tensor of this.liveReference) if (!tensor.disposed) this.reference.dispose(tensor);
  }
}

/** Activation calls for both backends: scalar parameters as numbers, per-channel ones as tensors of `channels` values. */
function activationCalls<T extends DeviceTensor>(session: Session<T>, definition: ActivationDefinition, channels: number, extra: Omit<ActivationCall, 'id' | 'params'> = {}): { mine: ActivationCall; theirs: ActivationCall } {
  const mine: Record<string, DeviceTensor> = {};
  const theirs: Record<string, DeviceTensor> = {};
  for (const [name, spec] of Object.entries(definition.params)) {
    if (spec.perChannel !== true) continue;
    const pair = session.both(channelValues(definition, name, channels), [channels]);
    mine[name] = pair.mine;
    theirs[name] = pair.theirs;
  }
  return { mine: { id: definition.id, params: mine, ...extra }, theirs: { id: definition.id, params: theirs, ...extra } };
}

/**
 * Declares the conformance suite for a `TrainingBackend`: every op against the float64 reference
 * backend on random data (matmul in all transpose combinations and awkward sizes, dense layers with
 * every registered activation fused, activation gradients with per-channel parameters as tensors,
 * elementwise ops, reductions, argmax, gathers, both losses, dropout masks, every optimiser), plus
 * the bad-input errors. Tolerances: sums and products within `accumulationFactor(k) * 2^-24 *
 * sum |terms|`; activations within `ulpBound`; ops that round once bit for bit.
 */
export function describeTrainingOpsConformance<T extends DeviceTensor>(name: string, createBackend: () => Maybe<TrainingBackend<T>>, options: TrainingConformanceOptions = {}): void {
  const test = options.test ?? globalTestApi();
  const ids = options.ids ?? (options.registry ?? createRegistry({ activations: builtinActivations })).list().map((definition) => definition.id);
  const ulpBound = options.ulpBound ?? ((_definition: ActivationDefinition, exact: boolean) => (exact ? 0 : 4));
  const gradientUlpBound = options.gradientUlpBound ?? ((_definition: ActivationDefinition, exact: boolean) => (exact ? 0 : 8));
  const ignoreBelow = options.ignoreBelow ?? smallestNormal;

  let created: Promise<{ backend: TrainingBackend<T>; reference: ReferenceTrainingBackend }> | undefined;
  const setup = (): Promise<{ backend: TrainingBackend<T>; reference: ReferenceTrainingBackend }> =>
    (created ??= (async () => {
      const backend = await createBackend();
      return { backend, reference: createReferenceTrainingBackend({ registry: backend.registry }) };
    })());

  const check = (title: string, body: (session: Session<T>) => Promise<void>): void => {
    test.it(title, async () => {
      const { backend, reference } = await setup();
      const session = new Session(backend, reference);
      try {
        await body(session);
      } finally {
        session.close();
      }
    });
  };

  test.describe(`training ops conformance: ${name}`, () => {
    check('tensor, zeros, fill, read and dispose keep values and shapes', async (session) => {
      const values = normal(37, 1, 3);
      const tensor = session.mine(values, [37]);
      if (tensor.size !== 37 || tensor.shape.join(',') !== '37') throw new ConformanceError(`tensor(): shape ${JSON.stringify(tensor.shape)}, size ${tensor.size}.`);
      assertIdentical('tensor() then read()', values, await session.read(tensor));
      values[0] = 12345;
      if ((await session.read(tensor))[0] === 12345) throw new ConformanceError('tensor() must copy its data, not keep the caller\'s array.');
      assertIdentical('zeros()', new Float32Array(6), await session.read(session.keep(session.backend.zeros([2, 3]))));
      assertIdentical('fill()', new Float32Array(7).fill(-2.5), await session.read(session.keep(session.backend.fill([7, 1], -2.5))));
      const empty = session.keep(session.backend.zeros([0, 4]));
      if (empty.size !== 0) throw new ConformanceError('zeros([0, 4]) must have size 0.');
      const doomed = session.backend.tensor(values, [37]);
      session.backend.dispose(doomed);
      if (!doomed.disposed) throw new ConformanceError('dispose() must mark the tensor disposed.');
    });

    check('matmul matches the float64 reference in every transpose combination and awkward sizes', async (session) => {
      let seed = 100;
      for (const [m, k, n] of awkwardMatmulShapes) {
        for (const transposeA of [false, true]) {
          for (const transposeB of [false, true]) {
            const aValues = normal(m * k, seed++);
            const bValues = normal(k * n, seed++);
            const a = session.mine(aValues, transposeA ? [k, m] : [m, k]);
            const b = session.mine(bValues, transposeB ? [n, k] : [k, n]);
            const result = session.keep(session.backend.matmul(a, b, { transposeA, transposeB }));
            const label = `matmul [${m}x${k}]·[${k}x${n}]${transposeA ? ' aᵀ' : ''}${transposeB ? ' bᵀ' : ''}`;
            if (result.shape.join(',') !== `${m},${n}`) throw new ConformanceError(`${label}: shape ${JSON.stringify(result.shape)}, expected [${m}, ${n}].`);
            const expected = await session.readReference(session.keepReference(session.reference.matmul(session.theirs(aValues, a.shape), session.theirs(bValues, b.shape), { transposeA, transposeB })));
            const bound = matmulBound(aValues, bValues, m, k, n, transposeA, transposeB);
            assertWithinBound(label, expected, await session.read(result), (i) => bound[i] ?? 0, `${accumulationFactor(k).toFixed(1)} * 2^-24 * sum |a||b|`);
          }
        }
      }
      // Same-sign terms: the accumulation bound must hold when errors cannot cancel.
      const [m, k, n] = [33, 784, 9];
      const aValues = normal(m * k, 7).map(Math.abs);
      const bValues = normal(k * n, 8).map(Math.abs);
      const result = session.keep(session.backend.matmul(session.mine(aValues, [m, k]), session.mine(bValues, [k, n])));
      const expected = await session.readReference(session.keepReference(session.reference.matmul(session.theirs(aValues, [m, k]), session.theirs(bValues, [k, n]))));
      const bound = matmulBound(aValues, bValues, m, k, n, false, false);
      assertWithinBound('matmul of non-negative values', expected, await session.read(result), (i) => bound[i] ?? 0, 'the accumulation bound');
    });

    check('denseForward at MNIST sizes (64x784 · 784x128 + bias, relu; and without bias)', async (session) => {
      for (const withBias of [true, false]) {
        const [batch, inputs, units] = [64, 784, 128];
        const x = normal(batch * inputs, 21).map(Math.abs);
        const w = normal(inputs * units, 22, 0.05);
        const bias = normal(units, 23, 0.1);
        const biasTensor = withBias ? session.mine(bias, [units]) : undefined;
        const result = session.backend.denseForward(session.mine(x, [batch, inputs]), session.mine(w, [inputs, units]), biasTensor, { id: 'relu' }, { keepPreActivation: true });
        session.keep(result.output);
        const pre = session.keep(result.preActivation);
        if (pre === undefined) throw new ConformanceError('denseForward: keepPreActivation must return the pre-activation.');
        const expectedPre = await session.readReference(
          session.keepReference(session.reference.matmul(session.theirs(x, [batch, inputs]), session.theirs(w, [inputs, units]))),
        );
        const preValues = await session.read(pre);
        const expectedWithBias = withBias ? expectedPre.map((value, index) => value + (bias[index % units] ?? 0)) : expectedPre;
        const bound = matmulBound(x, w, batch, inputs, units, false, false, withBias ? bias : undefined);
        assertWithinBound(`denseForward pre-activation${withBias ? '' : ' without bias'}`, expectedWithBias, preValues, (i) => (bound[i] ?? 0) + unitRoundoff * Math.abs(expectedWithBias[i] ?? 0), 'the accumulation bound');
        assertIdentical('denseForward relu output', preValues.map((value) => (value > 0 ? value : 0)), await session.read(result.output));
      }
    });

    check('elementwise add, sub, mul, scale and clip round once (bit for bit)', async (session) => {
      const shape = [37, 3];
      const aValues = normal(111, 31, 2);
      const bValues = normal(111, 32, 2);
      aValues.set([0, -0, 1e30, -1e30, 3.4e38], 0);
      bValues.set([-0, -0, 1e30, 1e30, 3.4e38], 0);
      const a = session.both(aValues, shape);
      const b = session.both(bValues, shape);
      const cases = [
        ['add', session.backend.add(a.mine, b.mine), session.reference.add(a.theirs, b.theirs)],
        ['sub', session.backend.sub(a.mine, b.mine), session.reference.sub(a.theirs, b.theirs)],
        ['mul', session.backend.mul(a.mine, b.mine), session.reference.mul(a.theirs, b.theirs)],
        ['scale by 0.1', session.backend.scale(a.mine, 0.1), session.reference.scale(a.theirs, 0.1)],
        ['scale by -3', session.backend.scale(a.mine, -3), session.reference.scale(a.theirs, -3)],
        ['clip to [-0.7, 1.3]', session.backend.clip(a.mine, -0.7, 1.3), session.reference.clip(a.theirs, -0.7, 1.3)],
      ] as const;
      for (const [label, mine, theirs] of cases) {
        session.keep(mine);
        session.keepReference(theirs);
        if (mine.shape.join(',') !== shape.join(',')) throw new ConformanceError(`${label}: shape ${JSON.stringify(mine.shape)}.`);
        assertIdentical(label, await session.readReference(theirs), await session.read(mine));
      }
    });

    check('sumRows, sum and sumSquares within the accumulation bound', async (session) => {
      for (const [rows, cols] of [[1, 1], [129, 65], [64, 10], [3, 1031]] as const) {
        const values = normal(rows * cols, rows + cols, 2);
        const tensor = session.both(values, [rows, cols]);
        const sumRows = session.keep(session.backend.sumRows(tensor.mine));
        if (sumRows.shape.join(',') !== String(cols)) throw new ConformanceError(`sumRows: shape ${JSON.stringify(sumRows.shape)}, expected [${cols}].`);
        const columnMagnitude = new Float64Array(cols);
        values.forEach((value, index) => { columnMagnitude[index % cols] = (columnMagnitude[index % cols] ?? 0) + Math.abs(value); });
        const rowFactor = accumulationFactor(rows) * unitRoundoff;
        assertWithinBound(`sumRows [${rows}, ${cols}]`, await session.readReference(session.keepReference(session.reference.sumRows(tensor.theirs))), await session.read(sumRows), (i) => rowFactor * (columnMagnitude[i] ?? 0), 'the accumulation bound');
        const totalFactor = accumulationFactor(rows * cols) * unitRoundoff;
        const magnitude = values.reduce((total, value) => total + Math.abs(value), 0);
        const squares = values.reduce((total, value) => total + value * value, 0);
        const sum = session.keep(session.backend.sum(tensor.mine));
        const sumSquares = session.keep(session.backend.sumSquares(tensor.mine));
        if (sum.shape.join(',') !== '1' || sumSquares.shape.join(',') !== '1') throw new ConformanceError('sum and sumSquares must have shape [1].');
        assertWithinBound(`sum [${rows}, ${cols}]`, await session.readReference(session.keepReference(session.reference.sum(tensor.theirs))), await session.read(sum), () => totalFactor * magnitude, 'the accumulation bound');
        assertWithinBound(`sumSquares [${rows}, ${cols}]`, await session.readReference(session.keepReference(session.reference.sumSquares(tensor.theirs))), await session.read(sumSquares), () => 2 * totalFactor * squares, 'the accumulation bound');
      }
      const big = normal(784 * 128, 41, 0.01);
      const bigSquares = session.keep(session.backend.sumSquares(session.mine(big, [784, 128])));
      const exact = big.reduce((total, value) => total + value * value, 0);
      assertWithinBound('sumSquares of 784x128', [exact], await session.read(bigSquares), () => 2 * accumulationFactor(big.length) * unitRoundoff * exact + unitRoundoff * exact, 'the accumulation bound');
    });

    check('argmax finds the largest value per row, the first one on ties', async (session) => {
      const values = normal(370, 51, 3);
      const tensor = session.both(values, [37, 10]);
      const result = session.keep(session.backend.argmax(tensor.mine));
      if (result.shape.join(',') !== '37') throw new ConformanceError(`argmax: shape ${JSON.stringify(result.shape)}, expected [37].`);
      assertIdentical('argmax', await session.readReference(session.keepReference(session.reference.argmax(tensor.theirs))), await session.read(result));
      const ties = session.keep(session.backend.argmax(session.mine(float32([1, 3, 3, 0, -1, -1, -1, -1, 0, 0, 0, 2]), [3, 4])));
      assertIdentical('argmax with ties', [1, 0, 3], await session.read(ties));
      const single = session.keep(session.backend.argmax(session.mine(float32([5, -5]), [2, 1])));
      assertIdentical('argmax of one column', [0, 0], await session.read(single));
    });

    check('argmax counts NaN as the largest value (the first NaN)', async (session) => {
      const result = session.keep(session.backend.argmax(session.mine(float32([1, Number.NaN, 5, Number.NaN, Number.NaN, 0, 9, 9]), [2, 4])));
      assertIdentical('argmax with NaN', [1, 0], await session.read(result));
    });

    check('gatherRows copies the picked rows, repeats included', async (session) => {
      const values = normal(350, 61);
      const indices = Int32Array.from({ length: 64 }, (_, i) => (i * 37 + 11) % 50);
      indices[1] = indices[0] ?? 0;
      for (const shape of [[50, 7], [50, 7, 1], [350]] as const) {
        const rows = shape[0];
        const picks = indices.map((index) => index % rows);
        const tensor = session.both(values, shape);
        const result = session.keep(session.backend.gatherRows(tensor.mine, picks));
        const expected = session.keepReference(session.reference.gatherRows(tensor.theirs, picks));
        if (result.shape.join(',') !== expected.shape.join(',')) throw new ConformanceError(`gatherRows: shape ${JSON.stringify(result.shape)}, expected ${JSON.stringify(expected.shape)}.`);
        assertIdentical(`gatherRows from [${shape.join(', ')}]`, await session.readReference(expected), await session.read(result));
      }
      const none = session.keep(session.backend.gatherRows(session.mine(values, [50, 7]), new Int32Array(0)));
      if (none.size !== 0 || none.shape.join(',') !== '0,7') throw new ConformanceError(`gatherRows with no indices: shape ${JSON.stringify(none.shape)}, expected [0, 7].`);
    });

    const checkSoftmax = async (session: Session<T>, label: string, logits: Float32Array, labels: Float32Array, batch: number, classes: number): Promise<void> => {
      const z = session.both(logits, [batch, classes]);
      const y = session.both(labels, [batch]);
      const mine = session.backend.softmaxCrossEntropy(z.mine, y.mine);
      session.keep(mine.loss);
      session.keep(mine.grad);
      const theirs = session.reference.softmaxCrossEntropy(z.theirs, y.theirs);
      session.keepReference(theirs.loss);
      session.keepReference(theirs.grad);
      const loss = await session.read(mine.loss);
      const grad = await session.read(mine.grad);
      if (mine.loss.shape.join(',') !== '1' || mine.grad.shape.join(',') !== `${batch},${classes}`) throw new ConformanceError(`${label}: loss must be [1] and grad [${batch}, ${classes}].`);
      if (!loss.every(Number.isFinite) || !grad.every(Number.isFinite)) throw new ConformanceError(`${label}: loss or gradient is not finite (${loss[0] ?? Number.NaN}).`);
      // log-sum-exp loses about ulp(max |z|) per row; the gradient's error is absolute for the same reason.
      const rowScale = Float64Array.from({ length: batch }, (_, row) => 1 + Math.max(...logits.subarray(row * classes, (row + 1) * classes).map(Math.abs)));
      const lossScale = rowScale.reduce((total, value) => total + value, 0) / batch;
      assertWithinBound(`${label} loss`, await session.readReference(theirs.loss), loss, () => (8 + classes) * unitRoundoff * lossScale, '(8 + classes) * 2^-24 * mean(1 + max |z|)');
      const expectedGrad = await session.readReference(theirs.grad);
      assertWithinBound(`${label} gradient`, expectedGrad, grad, (i) => 8 * unitRoundoff * (Math.abs(expectedGrad[i] ?? 0) + (rowScale[Math.floor(i / classes)] ?? 0) / batch), '8 * 2^-24 * (|g| + (1 + max |z|) / batch)');
    };

    check('softmaxCrossEntropy matches the reference (mean loss, gradient / batch)', async (session) => {
      const random = seededRandom(71);
      for (const [batch, classes] of [[37, 10], [64, 10], [1, 1], [3, 257]] as const) {
        const labels = Float32Array.from({ length: batch }, () => Math.floor(random() * classes));
        await checkSoftmax(session, `softmaxCrossEntropy [${batch}, ${classes}]`, normal(batch * classes, batch + classes, 3), labels, batch, classes);
      }
    });

    check('softmaxCrossEntropy stays finite and accurate for logits of ±1e4', async (session) => {
      const logits = float32([1e4, 1e4, 1e4, 1e4, 1e4, 1e4, -1e4, 0, 0, 0, -1e4, -1e4, -1e4, -1e4, -1e4 + 1, -1e4, 1e4, -1e4, 1e4, -1e4, 1e4, 1e4 - 1, 0, -1e4, 3]);
      await checkSoftmax(session, 'softmaxCrossEntropy with ±1e4', logits, float32([2, 1, 4, 1, 0]), 5, 5);
    });

    check('meanSquaredError matches the reference (mean over elements, gradient 2 (p - t) / n)', async (session) => {
      for (const shape of [[37, 10], [1, 1], [1031]] as const) {
        const size = shape.reduce<number>((total, value) => total * value, 1);
        const p = session.both(normal(size, size, 2), shape);
        const targets = session.both(normal(size, size + 1, 2), shape);
        const mine = session.backend.meanSquaredError(p.mine, targets.mine);
        session.keep(mine.loss);
        session.keep(mine.grad);
        const theirs = session.reference.meanSquaredError(p.theirs, targets.theirs);
        const expectedLoss = await session.readReference(session.keepReference(theirs.loss));
        assertWithinBound(`meanSquaredError [${shape.join(', ')}] loss`, expectedLoss, await session.read(mine.loss), () => 2 * accumulationFactor(size) * unitRoundoff * Math.abs(expectedLoss[0] ?? 0), 'the accumulation bound');
        assertUlps(`meanSquaredError [${shape.join(', ')}] gradient`, await session.readReference(session.keepReference(theirs.grad)), await session.read(mine.grad), 4, smallestNormal);
      }
    });

    check('dropout gives the reference mask, repeats for a seed and changes with it', async (session) => {
      const shape = [37, 13];
      const values = normal(481, 81, 2);
      const input = session.both(values, shape);
      for (const rate of [0, 0.1, 0.5, 0.9]) {
        for (const seed of [0, 12345, 4000000000]) {
          const mine = session.backend.dropout(input.mine, rate, seed);
          session.keep(mine.output);
          session.keep(mine.mask);
          const theirs = session.reference.dropout(input.theirs, rate, seed);
          session.keepReference(theirs.output);
          session.keepReference(theirs.mask);
          const mask = await session.read(mine.mask);
          assertIdentical(`dropout mask (rate ${rate}, seed ${seed})`, await session.readReference(theirs.mask), mask);
          assertIdentical(`dropout output (rate ${rate}, seed ${seed})`, await session.readReference(theirs.output), await session.read(mine.output));
          const again = session.backend.dropout(input.mine, rate, seed);
          session.keep(again.output);
          assertIdentical(`dropout mask again (rate ${rate}, seed ${seed})`, mask, await session.read(session.keep(again.mask)));
        }
      }
      const first = await session.read(session.keep(session.backend.dropout(input.mine, 0.5, 1).mask));
      const second = await session.read(session.keep(session.backend.dropout(input.mine, 0.5, 2).mask));
      if (first.every((value, index) => value === second[index])) throw new ConformanceError('dropout: seeds 1 and 2 gave the same mask.');
    });

    const optimizerCases: readonly { readonly kind: OptimizerKind; readonly hyper: Omit<OptimizerHyperparameters, 'step'> }[] = [
      { kind: 'sgd', hyper: { learningRate: 0.1 } },
      { kind: 'sgd', hyper: { learningRate: 0.1, l2: 0.01, l1: 0.001, weightDecay: 0.05 } },
      { kind: 'momentum', hyper: { learningRate: 0.1 } },
      { kind: 'momentum', hyper: { learningRate: 0.05, momentum: 0.5, l2: 0.01 } },
      { kind: 'nesterov', hyper: { learningRate: 0.1, momentum: 0.9 } },
      { kind: 'nesterov', hyper: { learningRate: 0.1, momentum: 0.9, weightDecay: 0.01, l1: 0.001 } },
      { kind: 'adam', hyper: { learningRate: 1e-3 } },
      { kind: 'adam', hyper: { learningRate: 1e-2, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, l2: 0.01 } },
      { kind: 'adamw', hyper: { learningRate: 1e-3 } },
      { kind: 'adamw', hyper: { learningRate: 1e-2, weightDecay: 0.1, l1: 0.001 } },
    ];
    for (const { kind, hyper } of optimizerCases) {
      check(`optimizerStep ${kind} ${JSON.stringify(hyper)} follows PyTorch's formulas over four steps`, async (session) => {
        const size = 1031;
        const stateCount = optimizerStateCount(kind);
        const param = session.mine(normal(size, 91), [size]);
        const state = Array.from({ length: stateCount }, () => session.keep(session.backend.zeros([size])));
        for (let step = 1; step <= 4; step++) {
          const gradValues = normal(size, 100 + step, 0.1);
          gradValues.fill(0, 0, 5);
          const full = { ...hyper, step };
          const before = await session.read(param);
          const stateBefore = await Promise.all(state.map((tensor) => session.read(tensor)));
          const referenceParam = session.theirs(before, [size]);
          const referenceState = stateBefore.map((values) => session.theirs(values, [size]));
          session.reference.optimizerStep(kind, referenceParam, session.theirs(gradValues, [size]), referenceState, full);
          session.backend.optimizerStep(kind, param, session.mine(gradValues, [size]), state, full);
          const expected = await session.readReference(referenceParam);
          const expectedState = await Promise.all(referenceState.map((tensor) => session.readReference(tensor)));
          // Error bounds from the magnitudes of every term of the update (no cancellation assumed).
          const resolved = resolveOptimizer(kind, full);
          const factors = optimizerFactors(resolved);
          const magnitudes = Array.from(before, (w, i) => {
            const gradient = Math.abs(gradValues[i] ?? 0) + resolved.l2 * Math.abs(w) + resolved.l1;
            const first = Math.abs(stateBefore[0]?.[i] ?? 0);
            const second = Math.abs(stateBefore[1]?.[i] ?? 0);
            if (kind === 'sgd') return [factors.stepSize * gradient, 0, 0];
            if (kind === 'momentum' || kind === 'nesterov') {
              const velocity = resolved.momentum * first + gradient;
              return [factors.stepSize * (kind === 'nesterov' ? gradient + resolved.momentum * velocity : velocity), velocity, 0];
            }
            const m = resolved.beta1 * first + (1 - resolved.beta1) * gradient;
            const v = resolved.beta2 * second + (1 - resolved.beta2) * gradient * gradient;
            const denominator = Math.sqrt(expectedState[1]?.[i] ?? 0) / factors.biasCorrection2Sqrt + resolved.epsilon;
            return [(factors.stepSize * m) / denominator, m, v];
          });
          const label = `${kind} step ${step}`;
          assertWithinBound(`${label} param`, expected, await session.read(param), (i) => unitRoundoff * (4 * Math.abs(expected[i] ?? 0) + 4 * Math.abs(before[i] ?? 0) + 16 * (magnitudes[i]?.[0] ?? 0)), '2^-24 (4 |w\'| + 4 |w| + 16 |step terms|)');
          for (let s = 0; s < stateCount; s++) {
            const values = expectedState[s] ?? new Float32Array(0);
            const tensor = state[s];
            if (tensor === undefined) continue;
            assertWithinBound(`${label} state[${s}]`, values, await session.read(tensor), (i) => unitRoundoff * (4 * Math.abs(values[i] ?? 0) + 8 * (magnitudes[i]?.[s + 1] ?? 0)), '2^-24 (4 |s\'| + 8 |terms|)');
          }
        }
      });
    }

    for (const id of ids) {
      test.describe(`activation ${id}`, () => {
        const settings = (registry: Registry) => {
          const definition = registry.get(id);
          const exact = isExactInFloat32(definition);
          return { definition, exact, forwardUlp: ulpBound(definition, exact), gradientUlp: gradientUlpBound(definition, exact) };
        };

        check(`denseForward fuses bias and ${id} (7x33 · 33x19)`, async (session) => {
          const { definition, forwardUlp } = settings(session.backend.registry);
          const [batch, inputs, units] = [7, 33, 19];
          const x = normal(batch * inputs, 201);
          const w = normal(inputs * units, 202, 1.5 / Math.sqrt(inputs));
          const bias = normal(units, 203, 0.5);
          const trainingModes = analyze(definition).usesUniform ? [false, true] : [false];
          for (const training of trainingModes) {
            const calls = activationCalls(session, definition, units, training ? { training: true, seed: 17 } : {});
            const xs = session.mine(x, [batch, inputs]);
            const ws = session.mine(w, [inputs, units]);
            const biasTensor = session.mine(bias, [units]);
            const kept = session.backend.denseForward(xs, ws, biasTensor, calls.mine, { keepPreActivation: true });
            session.keep(kept.output);
            const pre = session.keep(kept.preActivation);
            if (pre === undefined) throw new ConformanceError(`denseForward ${id}: keepPreActivation must return the pre-activation.`);
            if (kept.output.shape.join(',') !== `${batch},${units}` || pre.shape.join(',') !== `${batch},${units}`) throw new ConformanceError(`denseForward ${id}: output and pre-activation must have shape [${batch}, ${units}].`);
            const preValues = await session.read(pre);
            const expectedPre = await session.readReference(session.keepReference(session.reference.matmul(session.theirs(x, [batch, inputs]), session.theirs(w, [inputs, units]))));
            const withBias = expectedPre.map((value, index) => value + (bias[index % units] ?? 0));
            const bound = matmulBound(x, w, batch, inputs, units, false, false, bias);
            assertWithinBound(`denseForward ${id} pre-activation`, withBias, preValues, (i) => (bound[i] ?? 0) + unitRoundoff * Math.abs(withBias[i] ?? 0), 'the accumulation bound');
            // The activation is judged on the backend's own pre-activation, so matmul rounding does not blur it.
            const expected = await session.readReference(session.keepReference(session.reference.activationForward(session.theirs(preValues, [batch, units]), calls.theirs)));
            const output = await session.read(kept.output);
            const trainingUlp = training && !isExactInFloat32(definition, true) ? Math.max(forwardUlp, 4) : forwardUlp;
            assertUlps(`denseForward ${id}${training ? ' (training)' : ''} output`, expected, output, trainingUlp, ignoreBelow);
            const plain = session.backend.denseForward(xs, ws, biasTensor, calls.mine);
            session.keep(plain.output);
            if (plain.preActivation !== undefined) {
              session.keep(plain.preActivation);
              throw new ConformanceError(`denseForward ${id}: no pre-activation unless keepPreActivation is set.`);
            }
            assertIdentical(`denseForward ${id} output without keepPreActivation`, output, await session.read(plain.output));
          }
        });

        check(`activationForward and activationBackward of ${id} on tensors, parameter gradients reduced per unit`, async (session) => {
          const { definition, exact, forwardUlp, gradientUlp } = settings(session.backend.registry);
          const [rows, units] = [13, 7];
          const size = rows * units;
          const input = normal(size, 301, 3);
          const kinks = aroundKinks(findKinks(definition, {})).filter((value) => Number.isFinite(value));
          input.set([0, -0, 1e-7, -1e-7, 20, -20, ...kinks].slice(0, size), 0);
          const upstream = normal(size, 302);
          const x = session.both(input, [rows, units]);
          const g = session.both(upstream, [rows, units]);
          const trainingModes = analyze(definition).usesUniform ? [false, true] : [false];
          for (const training of trainingModes) {
            const calls = activationCalls(session, definition, units, training ? { training: true, seed: 5 } : {});
            const label = `${id}${training ? ' (training)' : ''}`;
            const trainingExact = training ? isExactInFloat32(definition, true) : exact;
            const forward = session.keep(session.backend.activationForward(x.mine, calls.mine));
            const expectedForward = await session.readReference(session.keepReference(session.reference.activationForward(x.theirs, calls.theirs)));
            assertUlps(`activationForward ${label}`, expectedForward, await session.read(forward), trainingExact ? forwardUlp : Math.max(forwardUlp, training ? 4 : 0), ignoreBelow);
            const mine = session.backend.activationBackward(x.mine, g.mine, calls.mine);
            session.keep(mine.gradInput);
            Object.values(mine.gradParams).forEach((tensor) => session.keep(tensor));
            const theirs = session.reference.activationBackward(x.theirs, g.theirs, calls.theirs);
            session.keepReference(theirs.gradInput);
            Object.values(theirs.gradParams).forEach((tensor) => session.keepReference(tensor));
            assertGradientUlps(`activationBackward ${label} gradInput`, upstream, await session.readReference(theirs.gradInput), await session.read(mine.gradInput), trainingExact ? gradientUlp : Math.max(gradientUlp, training ? 8 : 0), ignoreBelow);
            const expectedNames = Object.keys(theirs.gradParams).sort().join(',');
            if (Object.keys(mine.gradParams).sort().join(',') !== expectedNames) throw new ConformanceError(`activationBackward ${label}: gradParams for [${Object.keys(mine.gradParams).join(', ')}], expected [${expectedNames}].`);
            for (const [paramName, expectedTensor] of Object.entries(theirs.gradParams)) {
              const actualTensor = mine.gradParams[paramName];
              if (actualTensor === undefined) continue;
              if (actualTensor.shape.join(',') !== expectedTensor.shape.join(',')) throw new ConformanceError(`activationBackward ${label}: gradParams.${paramName} has shape ${JSON.stringify(actualTensor.shape)}, expected ${JSON.stringify(expectedTensor.shape)}.`);
              assertRelative(`activationBackward ${label} gradParams.${paramName}`, await session.readReference(expectedTensor), await session.read(actualTensor), 1e-4);
            }
            const inputOnly = session.backend.activationBackward(x.mine, g.mine, { ...calls.mine, paramGradients: false });
            session.keep(inputOnly.gradInput);
            Object.values(inputOnly.gradParams).forEach((tensor) => session.keep(tensor));
            const names = Object.keys(inputOnly.gradParams);
            if (names.length > 0) throw new ConformanceError(`activationBackward ${label} with paramGradients: false: gradParams must be empty, got [${names.join(', ')}].`);
            assertIdentical(`activationBackward ${label} gradInput with paramGradients: false`, await session.read(mine.gradInput), await session.read(inputOnly.gradInput));
          }
        });
      });
    }

    check('rejects mismatched shapes with SHAPE_MISMATCH before writing anything', async (session) => {
      const { backend } = session;
      const a = session.mine(normal(6, 1), [2, 3]);
      const b = session.mine(normal(6, 2), [3, 2]);
      const reject = (label: string, run: () => unknown): Promise<void> => expectRejection(label, run, ['SHAPE_MISMATCH']);
      await reject('matmul with different inner sizes', () => backend.matmul(a, a));
      await reject('matmul of a 1-D tensor', () => backend.matmul(session.mine(normal(3, 3), [3]), b));
      await reject('add of different shapes', () => backend.add(a, b));
      await reject('mul of different shapes', () => backend.mul(a, b));
      await reject('denseForward with w of the wrong height', () => backend.denseForward(a, session.mine(normal(4, 4), [2, 2]), undefined, { id: 'relu' }));
      await reject('denseForward with a bias of the wrong length', () => backend.denseForward(a, b, session.mine(normal(3, 5), [3]), { id: 'relu' }));
      await reject('activationBackward with gradOutput of another shape', () => backend.activationBackward(a, b, { id: 'relu' }));
      await reject('softmaxCrossEntropy with labels of the wrong length', () => backend.softmaxCrossEntropy(a, session.mine(float32([0, 1, 2]), [3])));
      await reject('meanSquaredError of different shapes', () => backend.meanSquaredError(a, b));
      await reject('tensor() with a shape that does not fit the data', () => session.keep(backend.tensor(new Float32Array(5), [2, 3])));
      const param = session.mine(float32([1, 2, 3]), [3]);
      await reject('optimizerStep with a grad of another shape', () => { backend.optimizerStep('sgd', param, session.mine(float32([1, 2]), [2]), [], { learningRate: 0.1 }); });
      await reject('optimizerStep with a state of another shape', () => { backend.optimizerStep('momentum', param, session.mine(float32([1, 1, 1]), [3]), [session.mine(new Float32Array(4), [4])], { learningRate: 0.1 }); });
      assertIdentical('param after rejected steps', [1, 2, 3], await session.read(param));
    });

    check('rejects disposed tensors and tensors of another backend', async (session) => {
      const { backend } = session;
      const doomed = backend.tensor(float32([1, 2]), [1, 2]);
      backend.dispose(doomed);
      await expectRejection('scale of a disposed tensor', () => backend.scale(doomed, 2), ['INVALID_OPTION']);
      await expectRejection('read of a disposed tensor', () => backend.read(doomed), ['INVALID_OPTION']);
      await expectRejection('dispose twice', () => { backend.dispose(doomed); }, ['INVALID_OPTION']);
      const stranger = createReferenceTrainingBackend({ registry: backend.registry }).tensor(float32([1, 2]), [1, 2]);
      // TypeScript would stop this call; it models a tensor from another backend reaching this one at run time.
      const foreign = stranger as DeviceTensor as T;
      await expectRejection('scale of a tensor from another backend', () => backend.scale(foreign, 2), ['INVALID_OPTION', 'INVALID_DTYPE']);
      await expectRejection('add with a tensor from another backend', () => backend.add(session.mine(float32([1, 2]), [1, 2]), foreign), ['INVALID_OPTION', 'INVALID_DTYPE']);
    });

    check('rejects bad hyper-parameters, rates, seeds and indices with INVALID_OPTION', async (session) => {
      const { backend } = session;
      const param = session.mine(float32([1, -2, 3]), [3]);
      const grad = session.mine(float32([0.5, 0.5, 0.5]), [3]);
      const moments = [session.keep(backend.zeros([3])), session.keep(backend.zeros([3]))];
      const reject = (label: string, run: () => unknown): Promise<void> => expectRejection(label, run, ['INVALID_OPTION']);
      for (const learningRate of [-0.1, Number.NaN, Number.POSITIVE_INFINITY]) {
        await reject(`learningRate ${learningRate}`, () => { backend.optimizerStep('sgd', param, grad, [], { learningRate }); });
      }
      await reject('adam without step', () => { backend.optimizerStep('adam', param, grad, moments, { learningRate: 0.1 }); });
      await reject('adam with step 0', () => { backend.optimizerStep('adam', param, grad, moments, { learningRate: 0.1, step: 0 }); });
      await reject('adam with beta1 = 1', () => { backend.optimizerStep('adam', param, grad, moments, { learningRate: 0.1, step: 1, beta1: 1 }); });
      await reject('negative weightDecay', () => { backend.optimizerStep('adamw', param, grad, moments, { learningRate: 0.1, step: 1, weightDecay: -1 }); });
      await reject('momentum without its state', () => { backend.optimizerStep('momentum', param, grad, [], { learningRate: 0.1 }); });
      await reject('an unknown optimiser', () => { backend.optimizerStep('rmsprop' as OptimizerKind, param, grad, [], { learningRate: 0.1 }); });
      assertIdentical('param after rejected steps', [1, -2, 3], await session.read(param));
      for (const rate of [1, -0.1, Number.NaN]) await reject(`dropout rate ${rate}`, () => backend.dropout(param, rate, 0));
      await reject('dropout seed 0.5', () => backend.dropout(param, 0.5, 0.5));
      await reject('gatherRows index past the end', () => backend.gatherRows(param, Int32Array.of(0, 3)));
      await reject('gatherRows negative index', () => backend.gatherRows(param, Int32Array.of(-1)));
      await reject('clip with min > max', () => backend.clip(param, 1, -1));
    });

    check('rejects labels outside [0, classes) or not integers (a GPU backend may return a NaN loss instead)', async (session) => {
      const { backend } = session;
      const logits = session.mine(normal(6, 1), [2, 3]);
      for (const labels of [[0, 3], [0, -1], [1.5, 0]]) {
        let loss: T | undefined;
        try {
          const result = backend.softmaxCrossEntropy(logits, session.mine(float32(labels), [2]));
          session.keep(result.grad);
          loss = session.keep(result.loss);
        } catch (error) {
          if (isRectifyError(error, 'INVALID_OPTION')) continue;
          throw new ConformanceError(`labels [${labels.join(', ')}]: expected a RectifyError with code INVALID_OPTION, got ${String(error)}.`);
        }
        const value = (await session.read(loss))[0];
        if (value === undefined || !Number.isNaN(value)) throw new ConformanceError(`labels [${labels.join(', ')}]: expected INVALID_OPTION or a NaN loss, got loss ${String(value)}.`);
      }
    });
  });
}

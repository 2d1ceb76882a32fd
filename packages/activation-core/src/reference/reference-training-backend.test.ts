import { describe, expect, it } from 'vitest';
import type { OptimizerHyperparameters, OptimizerKind } from '../backend/training-ops.js';
import { isRectifyError } from '../errors.js';
import { seedKey, uniformAt } from '../math/counter-random.js';
import type { ReferenceTensor } from './reference-training-backend.js';
import { createReferenceTrainingBackend } from './reference-training-backend.js';

const backend = createReferenceTrainingBackend();
const t = (values: readonly number[], shape: readonly number[]): ReferenceTensor => backend.tensor(Float32Array.from(values), shape);
const values = async (tensor: ReferenceTensor): Promise<number[]> => Array.from(await backend.read(tensor));

/** Within `relative` of each expected value (float32 results against float64 golden numbers). */
function expectClose(actual: readonly number[], expected: readonly number[], relative = 2e-6, absolute = 1e-12): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, index) => {
    const want = expected[index] ?? Number.NaN;
    if (!(Math.abs(value - want) <= relative * Math.abs(want) + absolute)) expect.fail(`element ${index}: expected ${want}, got ${value}`);
  });
}

function expectRectifyError(run: () => unknown, code: string, fragment?: string): void {
  try {
    run();
  } catch (error) {
    expect(isRectifyError(error)).toBe(true);
    expect((error as { code: string }).code).toBe(code);
    if (fragment !== undefined) expect(String(error)).toContain(fragment);
    return;
  }
  expect.fail(`expected a RectifyError with code ${code}`);
}

describe('reference training backend: linear algebra', () => {
  // a = [[1, 2, 3], [4, 5, 6]], b = [[7, 8], [9, 10], [11, 12]]: a·b = [[58, 64], [139, 154]] by hand.
  const a = t([1, 2, 3, 4, 5, 6], [2, 3]);
  const b = t([7, 8, 9, 10, 11, 12], [3, 2]);
  const aT = t([1, 4, 2, 5, 3, 6], [3, 2]);
  const bT = t([7, 9, 11, 8, 10, 12], [2, 3]);

  it('multiplies with every transpose combination', async () => {
    expect(await values(backend.matmul(a, b))).toEqual([58, 64, 139, 154]);
    expect(await values(backend.matmul(aT, b, { transposeA: true }))).toEqual([58, 64, 139, 154]);
    expect(await values(backend.matmul(a, bT, { transposeB: true }))).toEqual([58, 64, 139, 154]);
    expect(await values(backend.matmul(aT, bT, { transposeA: true, transposeB: true }))).toEqual([58, 64, 139, 154]);
    expect(backend.matmul(a, b).shape).toEqual([2, 2]);
  });

  it('accumulates in float64 and rounds once', async () => {
    // 1 + 2^-24 - 1 in float32 steps would give 0 or lose the small term; float64 keeps 2^-24 exactly.
    const row = t([1, 2 ** -24, -1], [1, 3]);
    const ones = t([1, 1, 1], [3, 1]);
    expect(await values(backend.matmul(row, ones))).toEqual([2 ** -24]);
  });

  it('fuses bias and activation in denseForward and keeps the pre-activation on request', async () => {
    const bias = t([-60, -200], [2]);
    const result = backend.denseForward(a, b, bias, { id: 'relu' }, { keepPreActivation: true });
    expect(await values(result.output)).toEqual([0, 0, 79, 0]);
    expect(result.preActivation).toBeDefined();
    if (result.preActivation !== undefined) expect(await values(result.preActivation)).toEqual([-2, -136, 79, -46]);
    expect(backend.denseForward(a, b, undefined, { id: 'relu' }).preActivation).toBeUndefined();
    const leaky = backend.denseForward(a, b, bias, { id: 'leaky_relu', params: { alpha: 0.5 } });
    expect(await values(leaky.output)).toEqual([-1, -68, 79, -23]);
  });

  it('takes per-channel PReLU slopes as a tensor and returns their gradient per unit', async () => {
    const input = t([-1, 2, -3, 4, -5, -6], [3, 2]);
    const alpha = t([0.5, 0.25], [2]);
    const forward = backend.activationForward(input, { id: 'prelu', params: { alpha } });
    expect(await values(forward)).toEqual([-0.5, 2, -1.5, 4, -2.5, -1.5]);
    const grad = t([1, 1, 2, 1, 1, 3], [3, 2]);
    const { gradInput, gradParams } = backend.activationBackward(input, grad, { id: 'prelu', params: { alpha } });
    // d/dx: 1 for x > 0 else alpha[c]; d/dalpha[c] = sum over rows of x * grad where x <= 0.
    expect(await values(gradInput)).toEqual([0.5, 1, 1, 1, 0.5, 0.75]);
    const slope = gradParams['alpha'];
    expect(slope?.shape).toEqual([2]);
    if (slope !== undefined) expect(await values(slope)).toEqual([-1 - 6 - 5, -18]);
    const scalar = backend.activationBackward(input, grad, { id: 'prelu', params: { alpha: 0.25 } }).gradParams['alpha'];
    expect(scalar?.shape).toEqual([1]);
    if (scalar !== undefined) expect(await values(scalar)).toEqual([-30]);
  });
});

describe('reference training backend: elementwise ops and reductions', () => {
  const a = t([1, -2, 3, -4, 5, -6], [3, 2]);
  const b = t([0.5, 0.5, 2, 2, -1, -1], [3, 2]);

  it('adds, subtracts, multiplies, scales and clips', async () => {
    expect(await values(backend.add(a, b))).toEqual([1.5, -1.5, 5, -2, 4, -7]);
    expect(await values(backend.sub(a, b))).toEqual([0.5, -2.5, 1, -6, 6, -5]);
    expect(await values(backend.mul(a, b))).toEqual([0.5, -1, 6, -8, -5, 6]);
    expect(await values(backend.scale(a, -0.5))).toEqual([-0.5, 1, -1.5, 2, -2.5, 3]);
    expect(await values(backend.clip(a, -3, 2))).toEqual([1, -2, 2, -3, 2, -3]);
  });

  it('reduces rows, everything and squares', async () => {
    expect(await values(backend.sumRows(a))).toEqual([9, -12]);
    expect(await values(backend.sum(a))).toEqual([-3]);
    expect(await values(backend.sumSquares(a))).toEqual([1 + 4 + 9 + 16 + 25 + 36]);
  });

  it('finds the first largest value per row, NaN counting as largest', async () => {
    const rows = t([1, 3, 3, 0, Number.NaN, 5, -1, -1, -1, 2, 1, 0], [4, 3]);
    expect(await values(backend.argmax(rows))).toEqual([1, 1, 0, 0]);
  });

  it('gathers rows of any rank', async () => {
    const cube = t([0, 1, 2, 3, 4, 5, 6, 7], [4, 2, 1]);
    const gathered = backend.gatherRows(cube, Int32Array.of(3, 0, 3));
    expect(gathered.shape).toEqual([3, 2, 1]);
    expect(await values(gathered)).toEqual([6, 7, 0, 1, 6, 7]);
  });
});

describe('reference training backend: losses and dropout', () => {
  it('matches PyTorch cross_entropy, extreme logits included', async () => {
    // torch 1.13, float64: F.cross_entropy(z, y) and z.grad.
    const logits = t([1, 2, 3, 1e4, -1e4, 0, -1e4, -1e4, -1e4 + 1], [3, 3]);
    const { loss, grad } = backend.softmaxCrossEntropy(logits, t([2, 1, 0], [3]));
    expectClose(await values(loss), [6667.319683559458]);
    expectClose(await values(grad), [
      0.030010191056793478, 0.08157615701826587, -0.1115863480750594, 0.3333333333333333, -0.3333333333333333, 0, -0.2626861474609715, 0.07064718587236181,
      0.1920389615886097,
    ]);
  });

  it('matches PyTorch mse_loss', async () => {
    const { loss, grad } = backend.meanSquaredError(t([0.5, -1, 2, 0.25], [2, 2]), t([0, 1, 1.5, 0.25], [2, 2]));
    expect(await values(loss)).toEqual([1.125]);
    expect(await values(grad)).toEqual([0.25, -1, 0.25, 0]);
  });

  it('drops exactly the elements whose counter-based draw is below the rate', async () => {
    const size = 4096;
    const input = t(Array.from({ length: size }, (_, i) => i + 1), [64, 64]);
    const { output, mask } = backend.dropout(input, 0.3, 1234);
    const maskValues = await values(mask);
    const outputValues = await values(output);
    const key = seedKey(1234);
    const scale = Math.fround(1 / 0.7);
    let kept = 0;
    for (let i = 0; i < size; i++) {
      const keep = uniformAt(key, i) >= 0.3;
      kept += Number(keep);
      expect(maskValues[i]).toBe(keep ? scale : 0);
      expect(outputValues[i]).toBe(keep ? Math.fround((i + 1) * scale) : 0);
    }
    expect(kept / size).toBeGreaterThan(0.67);
    expect(kept / size).toBeLessThan(0.73);
    expect(await values(backend.dropout(input, 0.3, 1234).mask)).toEqual(maskValues);
    expect(await values(backend.dropout(input, 0.3, 1235).mask)).not.toEqual(maskValues);
    expect(await values(backend.dropout(input, 0, 7).output)).toEqual(await values(input));
  });
});

describe('reference training backend: optimisers match PyTorch over three steps', () => {
  // torch 1.13, float64, w0 and the gradients below, three opt.step() calls.
  const w0 = [0.5, -1.25, 2, 0];
  const grads = [
    [0.1, -0.2, 0.3, -0.4],
    [-0.05, 0.25, 0.5, 0.1],
    [0.3, 0.3, -0.1, 0.2],
  ];
  const cases: readonly { name: string; kind: OptimizerKind; hyper: Omit<OptimizerHyperparameters, 'step'>; expected: number[] }[] = [
    { name: 'SGD(lr=0.1)', kind: 'sgd', hyper: { learningRate: 0.1 }, expected: [0.46499999999999997, -1.285, 1.93, 0.010000000000000004] },
    { name: 'SGD(lr=0.1, weight_decay=0.01)', kind: 'sgd', hyper: { learningRate: 0.1, l2: 0.01 }, expected: [0.4635164895, -1.28126872875, 1.924115968, 0.009930040000000005] },
    { name: 'SGD(lr=0.1, momentum=0.9)', kind: 'momentum', hyper: { learningRate: 0.1 }, expected: [0.45239999999999997, -1.2732999999999999, 1.8337, 0.06940000000000002] },
    { name: 'SGD(lr=0.1, momentum=0.9, nesterov)', kind: 'nesterov', hyper: { learningRate: 0.1, momentum: 0.9 }, expected: [0.42216, -1.30597, 1.7803300000000002, 0.07246000000000001] },
    { name: 'Adam(lr=0.01)', kind: 'adam', hyper: { learningRate: 0.01 }, expected: [0.4806316256512459, -1.246914528095829, 1.973764979053958, 0.015169015830312755] },
    { name: 'Adam(lr=0.01, weight_decay=0.1)', kind: 'adam', hyper: { learningRate: 0.01, l2: 0.1 }, expected: [0.47544937554104005, -1.2368777310364438, 1.9716832066686643, 0.015114338119774213] },
    { name: 'AdamW(lr=0.01, weight_decay=0.1)', kind: 'adamw', hyper: { learningRate: 0.01, weightDecay: 0.1 }, expected: [0.4791557785193066, -1.2431866395222846, 1.9678007949716476, 0.015144331149261489] },
    { name: 'AdamW(lr=0.01) with its default decay', kind: 'adamw', hyper: { learningRate: 0.01 }, expected: [0.48048390688755194, -1.2465414027622246, 1.973168021743727, 0.015166546462207652] },
  ];
  for (const { name, kind, hyper, expected } of cases) {
    it(name, async () => {
      const param = t(w0, [2, 2]);
      const stateCount = kind === 'sgd' ? 0 : kind === 'momentum' || kind === 'nesterov' ? 1 : 2;
      const state = Array.from({ length: stateCount }, () => backend.zeros([2, 2]));
      grads.forEach((grad, index) => { backend.optimizerStep(kind, param, t(grad, [2, 2]), state, { ...hyper, step: index + 1 }); });
      expectClose(await values(param), expected, 1e-6, 1e-7);
    });
  }

  it('adds l1 * sign(w) to the gradient, with sign(0) = 0', async () => {
    const param = t([0.5, -0.5, 0], [3]);
    backend.optimizerStep('sgd', param, t([0, 0, 0], [3]), [], { learningRate: 0.1, l1: 0.2 });
    expect(await values(param)).toEqual([Math.fround(0.48), Math.fround(-0.48), 0]);
  });
});

describe('reference training backend: bad input', () => {
  const a = t([1, 2, 3, 4, 5, 6], [2, 3]);

  it('rejects mismatched shapes', () => {
    expectRectifyError(() => backend.matmul(a, a), 'SHAPE_MISMATCH', 'inner sizes');
    expectRectifyError(() => backend.add(a, t([1, 2, 3, 4, 5, 6], [3, 2])), 'SHAPE_MISMATCH');
    expectRectifyError(() => backend.denseForward(a, t([1, 2, 3], [3, 1]), t([1, 2], [2]), { id: 'relu' }), 'SHAPE_MISMATCH', 'bias');
    expectRectifyError(() => backend.softmaxCrossEntropy(a, t([0, 1, 2], [3])), 'SHAPE_MISMATCH', 'labels');
    expectRectifyError(() => backend.tensor(new Float32Array(5), [2, 3]), 'SHAPE_MISMATCH');
    expectRectifyError(() => { backend.optimizerStep('sgd', a, t([1, 2, 3], [3]), [], { learningRate: 0.1 }); }, 'SHAPE_MISMATCH');
  });

  it('rejects disposed tensors and tensors of another backend', async () => {
    const doomed = t([1, 2], [1, 2]);
    backend.dispose(doomed);
    expect(doomed.disposed).toBe(true);
    expectRectifyError(() => backend.scale(doomed, 2), 'INVALID_OPTION', 'disposed');
    await expect(backend.read(doomed)).rejects.toThrow('disposed');
    const foreign = createReferenceTrainingBackend().tensor(Float32Array.of(1, 2), [1, 2]);
    expectRectifyError(() => backend.scale(foreign, 2), 'INVALID_OPTION', 'not a tensor of this backend');
  });

  it('rejects bad hyper-parameters, rates, labels and indices', () => {
    const param = t([1], [1]);
    const grad = t([1], [1]);
    expectRectifyError(() => { backend.optimizerStep('sgd', param, grad, [], { learningRate: -0.1 }); }, 'INVALID_OPTION', 'learningRate');
    expectRectifyError(() => { backend.optimizerStep('sgd', param, grad, [], { learningRate: Number.NaN }); }, 'INVALID_OPTION', 'learningRate');
    expectRectifyError(() => { backend.optimizerStep('sgd', param, grad, [], { learningRate: Number.POSITIVE_INFINITY }); }, 'INVALID_OPTION', 'learningRate');
    expectRectifyError(() => { backend.optimizerStep('adam', param, grad, [backend.zeros([1]), backend.zeros([1])], { learningRate: 0.1 }); }, 'INVALID_OPTION', 'step');
    expectRectifyError(() => { backend.optimizerStep('momentum', param, grad, [], { learningRate: 0.1 }); }, 'INVALID_OPTION', 'state');
    expectRectifyError(() => { backend.optimizerStep('adam', param, grad, [backend.zeros([1]), backend.zeros([1])], { learningRate: 0.1, step: 1, beta2: 1 }); }, 'INVALID_OPTION', 'beta2');
    expectRectifyError(() => backend.dropout(a, 1, 0), 'INVALID_OPTION', 'rate');
    expectRectifyError(() => backend.dropout(a, -0.1, 0), 'INVALID_OPTION', 'rate');
    expectRectifyError(() => backend.dropout(a, 0.5, 0.5), 'INVALID_OPTION', 'seed');
    expectRectifyError(() => backend.softmaxCrossEntropy(a, t([0, 3], [2])), 'INVALID_OPTION', 'Label 3');
    expectRectifyError(() => backend.softmaxCrossEntropy(a, t([0, 1.5], [2])), 'INVALID_OPTION', 'Label 1.5');
    expectRectifyError(() => backend.gatherRows(a, Int32Array.of(0, 2)), 'INVALID_OPTION', 'index 2');
    expect(Array.from(param.shape)).toEqual([1]);
  });

  it('changes nothing when a call is rejected', async () => {
    const param = t([1, 2], [2]);
    expectRectifyError(() => { backend.optimizerStep('momentum', param, t([1, 1], [2]), [backend.zeros([3])], { learningRate: 0.1 }); }, 'SHAPE_MISMATCH');
    expect(await values(param)).toEqual([1, 2]);
  });
});

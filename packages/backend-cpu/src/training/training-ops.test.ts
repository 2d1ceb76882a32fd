import { builtinActivations, createReferenceTrainingBackend, createRegistry, isRectifyError } from '@rectify/activation-core';
import { normalSamples } from '@rectify/activation-core/testing';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { CpuBackend } from '../cpu-backend.js';
import { createCpuBackend } from '../index.js';
import type { CpuTensor } from './cpu-tensor.js';

const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
const single = createCpuBackend({ registry, engine: 'wasm-simd', threads: 1 });
const threaded = createCpuBackend({ registry, engine: 'wasm-simd', threads: 2 });
afterAll(() => {
  single.destroy();
  threaded.destroy();
});

const random = (count: number, seed: number, scale = 1): Float32Array => Float32Array.from(normalSamples(count, seed, scale));

/** One step of a 20-16-3 MLP with Adam: forward, loss, backward, updates; disposes everything it made. */
function trainingStep(backend: CpuBackend, weights: readonly CpuTensor[], moments: readonly CpuTensor[][], step: number): void {
  const x = backend.tensor(random(8 * 20, step), [8, 20]);
  const labels = backend.tensor(Float32Array.from({ length: 8 }, (_, i) => i % 3), [8]);
  const [w1, b1, w2, b2] = weights as [CpuTensor, CpuTensor, CpuTensor, CpuTensor];
  const hidden = backend.denseForward(x, w1, b1, { id: 'relu' }, { keepPreActivation: true });
  const dropped = backend.dropout(hidden.output, 0.25, step);
  const logits = backend.denseForward(dropped.output, w2, b2, { id: 'identity' });
  const { loss, grad } = backend.softmaxCrossEntropy(logits.output, labels);
  const dw2 = backend.matmul(dropped.output, grad, { transposeA: true });
  const db2 = backend.sumRows(grad);
  const dDropped = backend.matmul(grad, w2, { transposeB: true });
  const dHidden = backend.mul(dDropped, dropped.mask);
  const { gradInput } = backend.activationBackward(hidden.preActivation ?? hidden.output, dHidden, { id: 'relu' });
  const dw1 = backend.matmul(x, gradInput, { transposeA: true });
  const db1 = backend.sumRows(gradInput);
  [dw1, db1, dw2, db2].forEach((gradient, index) => {
    const param = weights[index];
    const state = moments[index];
    if (param !== undefined && state !== undefined) backend.optimizerStep('adam', param, gradient, state, { learningRate: 1e-2, step });
  });
  const norm = backend.sumSquares(dw1);
  for (const tensor of [x, labels, hidden.output, hidden.preActivation, dropped.output, dropped.mask, logits.output, loss, grad, dw2, db2, dDropped, dHidden, gradInput, dw1, db1, norm]) {
    if (tensor !== undefined) backend.dispose(tensor);
  }
}

describe('CPU training ops', () => {
  it('returns the arena to where it started once every tensor is disposed', () => {
    const backend = createCpuBackend({ registry, threads: 1 });
    const shapes = [[20, 16], [16], [16, 3], [3]];
    const weights = shapes.map((shape, index) => backend.tensor(random(shape.reduce((a, b) => a * b, 1), 50 + index, 0.3), shape));
    const moments = weights.map((weight) => [backend.zeros(weight.shape), backend.zeros(weight.shape)]);
    trainingStep(backend, weights, moments, 1); // compiles kernels and sizes the reusable scratch areas
    const before = { ...backend.memoryStats, ...backend.trainingStats };
    for (let step = 2; step <= 20; step++) trainingStep(backend, weights, moments, step);
    expect({ ...backend.memoryStats, ...backend.trainingStats }).toEqual(before);
    expect(before.liveTensors).toBe(weights.length * 3);
    backend.destroy();
  });

  it('compiles one fused kernel per activation and kernel key, never per parameter value or shape', () => {
    const backend = createCpuBackend({ registry, threads: 1 });
    const compiled = (): number => backend.trainingStats.denseKernels;
    const layer = (batch: number, inputs: number, units: number) => ({
      x: backend.tensor(random(batch * inputs, batch), [batch, inputs]),
      w: backend.tensor(random(inputs * units, inputs), [inputs, units]),
    });
    const small = layer(3, 5, 7);
    const large = layer(64, 33, 19);
    backend.denseForward(small.x, small.w, undefined, { id: 'leaky_relu', params: { alpha: 0.1 } });
    expect(compiled()).toBe(1);
    backend.denseForward(large.x, large.w, undefined, { id: 'leaky_relu', params: { alpha: 0.3 } }, { keepPreActivation: true });
    backend.denseForward(small.x, small.w, undefined, { id: 'leaky_relu' });
    expect(compiled()).toBe(1);
    const slopes = backend.tensor(Float32Array.from({ length: 19 }, (_, c) => 0.01 * c), [19]);
    backend.denseForward(large.x, large.w, undefined, { id: 'prelu', params: { alpha: slopes } });
    backend.denseForward(large.x, large.w, undefined, { id: 'prelu', params: { alpha: 0.2 } });
    expect(compiled()).toBe(3); // per-channel and scalar slopes are different kernels
    backend.denseForward(large.x, large.w, undefined, { id: 'prelu', params: { alpha: 0.7 } });
    expect(compiled()).toBe(3);
    backend.destroy();
  });

  it('gives bit-identical results when rows are split across threads', async () => {
    expect(threaded.threads).toBe(2);
    // Every shape is above the GEMM's parallel threshold (2^22 multiply-adds), with odd row and column counts.
    for (const [m, k, n] of [[64, 784, 128], [131, 784, 65], [9, 4096, 129]] as const) {
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          const a = random(m * k, m + k);
          const b = random(k * n, k + n);
          const shapeA = transposeA ? [k, m] : [m, k];
          const shapeB = transposeB ? [n, k] : [k, n];
          const one = await single.read(single.matmul(single.tensor(a, shapeA), single.tensor(b, shapeB), { transposeA, transposeB }));
          const two = await threaded.read(threaded.matmul(threaded.tensor(a, shapeA), threaded.tensor(b, shapeB), { transposeA, transposeB }));
          expect(Array.from(two)).toEqual(Array.from(one));
        }
      }
    }
    const x = random(67 * 784, 1);
    const w = random(784 * 100, 2, 0.05);
    const bias = random(100, 3);
    const dense = async (backend: CpuBackend): Promise<Float32Array> =>
      backend.read(backend.denseForward(backend.tensor(x, [67, 784]), backend.tensor(w, [784, 100]), backend.tensor(bias, [100]), { id: 'smooth/gelu' }).output);
    expect(Array.from(await dense(threaded))).toEqual(Array.from(await dense(single)));
  });

  it('writes nothing outside the output of a fused dense layer whose width is not a multiple of the panel', () => {
    const backend = createCpuBackend({ registry, threads: 1 });
    const x = backend.tensor(random(5 * 9, 1), [5, 9]);
    const w = backend.tensor(random(9 * 10, 2), [9, 10]);
    const bias = backend.tensor(random(10, 3), [10]);
    // Compiles the kernel and sizes the scratch; its results stay allocated so no freed block is reused below.
    backend.denseForward(x, w, bias, { id: 'elu' }, { keepPreActivation: true });
    // A block at the top of the arena filled with a sentinel and freed: the layer's outputs are allocated inside it.
    const sentinel = backend.allocate(1024);
    sentinel.fill(777);
    backend.free(sentinel);
    const result = backend.denseForward(x, w, bias, { id: 'elu' }, { keepPreActivation: true });
    const written = sentinel.reduce((count, value) => count + Number(value !== 777), 0);
    expect(written).toBeLessThanOrEqual(2 * 5 * 10);
    expect(written).toBeGreaterThan(2 * 5 * 10 - 3); // a few outputs may equal the sentinel only by chance
    backend.dispose(result.output);
    backend.destroy();
  });

  it('refuses a tensor of another CPU backend', () => {
    const mine = single.tensor(Float32Array.of(1, 2), [2]);
    const theirs = threaded.tensor(Float32Array.of(1, 2), [2]);
    let error: unknown;
    try {
      single.add(mine, theirs);
    } catch (caught) {
      error = caught;
    }
    expect(isRectifyError(error, 'INVALID_OPTION')).toBe(true);
    expect(String(error)).toContain('not a tensor of this CPU backend');
  });

  it('trains with the interpreter where compiling WebAssembly is forbidden, as the reference does', async () => {
    vi.stubGlobal('WebAssembly', { ...WebAssembly, Module: function blocked() { throw new WebAssembly.CompileError('Wasm code generation disallowed by embedder'); } });
    try {
      const backend = createCpuBackend({ registry });
      expect(backend.engine).toBe('interpreter');
      const reference = createReferenceTrainingBackend({ registry });
      const x = random(6 * 4, 9);
      const w = random(4 * 5, 10);
      const ours = Array.from(await backend.read(backend.denseForward(backend.tensor(x, [6, 4]), backend.tensor(w, [4, 5]), undefined, { id: 'selu' }).output));
      const theirs = Array.from(await reference.read(reference.denseForward(reference.tensor(x, [6, 4]), reference.tensor(w, [4, 5]), undefined, { id: 'selu' }).output));
      ours.forEach((value, index) => { expect(value).toBeCloseTo(theirs[index] ?? Number.NaN, 5); });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('keeps working while unshared memory grows (no SharedArrayBuffer: growth detaches old views)', async () => {
    vi.stubGlobal('SharedArrayBuffer', undefined);
    try {
      const backend = createCpuBackend({ registry, threads: 1 });
      expect(backend.engine).toBe('wasm-simd');
      const reference = createReferenceTrainingBackend({ registry });
      const x = random(64 * 100, 11);
      const w = random(100 * 30, 12, 0.1);
      const bias = random(30, 13);
      const expected = await reference.read(reference.denseForward(reference.tensor(x, [64, 100]), reference.tensor(w, [100, 30]), reference.tensor(bias, [30]), { id: 'elu' }).output);
      const xs = backend.tensor(x, [64, 100]);
      const ws = backend.tensor(w, [100, 30]);
      const biases = backend.tensor(bias, [30]);
      // Each of these outgrows the memory (64 pages at first), so every op below runs after a growth.
      for (let round = 0; round < 3; round++) {
        backend.zeros([1 << 21]);
        const dense = backend.denseForward(xs, ws, biases, { id: 'elu' });
        const activated = backend.activationForward(backend.scale(dense.output, 1), { id: 'relu' });
        const got = await backend.read(dense.output);
        got.forEach((value, index) => { expect(value).toBeCloseTo(expected[index] ?? Number.NaN, 4); });
        expect(Array.from(await backend.read(activated))).toEqual(Array.from(got, (value) => (value > 0 ? value : 0)));
      }
      backend.destroy();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

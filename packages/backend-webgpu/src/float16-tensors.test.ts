import { builtinActivations, createRegistry, isRectifyError } from '@rectify/activation-core';
import { createCpuBackend } from '@rectify/backend-cpu';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { describe, expect, it } from 'vitest';
import { float16Bits } from './float16.js';
import { checkFloat16Tensors, float16Inputs, halfDistance, widenedHalves } from './testing/float16-checks.js';
import { testBackend } from './testing/node-gpu.js';

const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
const backend = await testBackend({ registry });
const cpu = createCpuBackend({ registry, threads: 1 });

describe.runIf(backend !== undefined)('float16 tensors on Dawn (OpenGL ES, compatibility mode)', () => {
  if (backend === undefined) return;

  it('stores uploads as the nearest halves and reads them back exactly, tails included', async () => {
    for (const length of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 17, 1001]) {
      const data = float16Inputs(length, length + 1);
      const tensor = backend.upload(data, undefined, { dtype: 'float16' });
      expect(tensor.dtype).toBe('float16');
      const read = await backend.read(tensor);
      expect([...new Uint32Array(read.buffer)]).toEqual([...new Uint32Array(widenedHalves(data).buffer)]);
      backend.dispose(tensor);
    }
  });

  it('runs every registered activation forward on float16 tensors, rounding in the kernel as the host does', async () => {
    // Piecewise-linear results match the CPU's rounded on the host bit for bit, others within one half;
    // leaky_relu's slopes put products between halves, past 65,504 and among the half denormals.
    const outcome = await checkFloat16Tensors(backend, cpu, registry);
    expect(outcome.failures).toEqual([]);
    expect(outcome.checked).toBe(registry.list().length + 4);
  });

  it('runs backward on float16 tensors, from the saved output too, with parameter gradients summed in float32', async () => {
    const rows = 257;
    const channels = 8;
    const data = float16Inputs(rows * channels, 13).map((value) => (Number.isFinite(value) && Math.abs(value) < 100 ? value : 0.5));
    const grad = float16Inputs(rows * channels, 17).map((value) => (Number.isFinite(value) && Math.abs(value) < 100 ? value : -0.25));
    const [x, dy] = [widenedHalves(data), widenedHalves(grad)];
    const alpha = Float32Array.from({ length: channels }, (_, c) => 0.1 + 0.05 * c);
    const shape = [rows, channels];
    const xs = backend.upload(data, shape, { dtype: 'float16' });
    const dys = backend.upload(grad, shape, { dtype: 'float16' });

    const prelu = await backend.backwardTensor('prelu', xs, dys, { alpha });
    const wantPrelu = cpu.backward('prelu', x, dy, { alpha }, { shape });
    expect([...float16Bits(await backend.read(prelu.gradInput))]).toEqual([...float16Bits(wantPrelu.gradInput)]);
    const sums = prelu.gradParams['alpha'];
    const wantSums = wantPrelu.gradParams['alpha'];
    if (!(sums instanceof Float32Array) || !(wantSums instanceof Float32Array)) throw new Error('per-channel alpha gradient expected');
    sums.forEach((value, c) => { expect(Math.abs(value - (wantSums[c] ?? 0))).toBeLessThan(1e-4 * (1 + Math.abs(wantSums[c] ?? 0))); });

    const y = await backend.forwardTensor('elu', xs);
    const fromOutput = await backend.backwardTensor('elu', xs, dys, {}, { output: y });
    const recomputed = await backend.backwardTensor('elu', xs, dys);
    // From y the derivative uses the rounded output (y + alpha), so it is compared with the CPU's from the same y.
    const wantFromOutput = cpu.backward('elu', x, dy, {}, { output: await backend.read(y) }).gradInput;
    expect(halfDistance(await backend.read(fromOutput.gradInput), wantFromOutput)).toBeLessThanOrEqual(1);
    expect(halfDistance(await backend.read(recomputed.gradInput), cpu.backward('elu', x, dy).gradInput)).toBeLessThanOrEqual(1);
    [xs, dys, prelu.gradInput, y, fromOutput.gradInput, recomputed.gradInput].forEach((tensor) => { backend.dispose(tensor); });
  });

  it('runs per-channel forward and in-place calls on float16 tensors, and returns every buffer after a loop', async () => {
    const start = { ...backend.poolStats };
    for (let round = 0; round < 50; round++) {
      const shape = [3, 4, 5 + (round % 7)];
      const length = shape.reduce((total, size) => total * size, 1);
      const data = float16Inputs(length, 100 + round);
      const alpha = Float32Array.of(0.1, 0.2, 0.3, 0.4);
      const tensor = backend.upload(data, shape, { dtype: 'float16' });
      const perChannel = await backend.forwardTensor('prelu', tensor, { alpha });
      expect([...float16Bits(await backend.read(perChannel))]).toEqual([...float16Bits(cpu.forward('prelu', widenedHalves(data), { alpha }, { shape }))]);
      const grad = backend.upload(data.map((value) => value * 0.5), shape, { dtype: 'float16' });
      const backwardInPlace = await backend.backwardTensor('leaky_relu', tensor, grad, { alpha: 0.1 }, { inPlace: true });
      expect(backwardInPlace.gradInput).toBe(grad);
      const wantGrad = cpu.backward('leaky_relu', widenedHalves(data), widenedHalves(data.map((value) => value * 0.5)), { alpha: 0.1 }).gradInput;
      expect([...float16Bits(await backend.read(grad))]).toEqual([...float16Bits(wantGrad)]);
      const same = await backend.forwardTensor('relu6', tensor, {}, { inPlace: true });
      expect(same).toBe(tensor);
      expect(same.dtype).toBe('float16');
      expect([...float16Bits(await backend.read(tensor))]).toEqual([...float16Bits(cpu.forward('relu6', widenedHalves(data)))]);
      [tensor, perChannel, grad].forEach((t) => { backend.dispose(t); });
    }
    expect(backend.poolStats.liveBuffers).toBe(start.liveBuffers);
    expect(backend.poolStats.liveBytes).toBe(start.liveBytes);
  });

  it('keeps float16 and float32 kernels apart in the pipeline cache, one pipeline each', async () => {
    const fresh = await testBackend({ registry });
    if (fresh === undefined) throw new Error('a second backend on the same adapter was expected');
    const data = float16Inputs(64, 19);
    for (const [dtype, beta] of [['float16', 1.5], ['float32', 1.5], ['float16', 3], ['float32', 0.5]] as const) {
      const tensor = fresh.upload(data, undefined, { dtype });
      fresh.dispose(await fresh.forwardTensor('smooth/softplus', tensor, { beta }));
      fresh.dispose(tensor);
    }
    expect(fresh.pipelineStats.misses).toBe(2);
    fresh.destroy();
  });

  it('refuses float16 tensors where float32 ones are needed, and unknown dtypes, leaving the pool as it was', async () => {
    const start = backend.poolStats.liveBuffers;
    const half = backend.upload(Float32Array.of(1, -2, 3, -4), [2, 2], { dtype: 'float16' });
    const single = backend.upload(Float32Array.of(1, 1, 1, 1), [2, 2]);
    const refusals = [
      backend.backwardTensor('relu', half, single),
      backend.backwardTensor('relu', single, half),
      Promise.resolve().then(() => backend.matmul(half, single)),
      Promise.resolve().then(() => backend.upload(Float32Array.of(1), undefined, { dtype: 'float64' as 'float32' })),
    ];
    for (const refusal of refusals) {
      const error: unknown = await refusal.then(() => undefined, (caught: unknown) => caught);
      expect(isRectifyError(error) && error.code === 'INVALID_DTYPE', String(error)).toBe(true);
    }
    backend.dispose(half);
    backend.dispose(single);
    expect(backend.poolStats.liveBuffers).toBe(start);
  });

  it('refuses float16 tensors on a backend of width 1', async () => {
    const narrow = await testBackend({ registry, width: 1 });
    if (narrow === undefined) throw new Error('a second backend on the same adapter was expected');
    expect(() => narrow.upload(Float32Array.of(1), undefined, { dtype: 'float16' })).toThrow(/width 4/);
    narrow.destroy();
  });
});

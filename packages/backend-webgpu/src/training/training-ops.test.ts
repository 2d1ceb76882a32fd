import type { ActivationCall, DeviceTensor, TrainingBackend } from '@rectify/activation-core';
import { add, builtinActivations, createReferenceTrainingBackend, createRegistry, defineActivation, definePlugin, gt, isRectifyError, mul, select } from '@rectify/activation-core';
import { describe, expect, it } from 'vitest';
import { BufferPool } from '../buffer-pool.js';
import { paddedBytes, readbackUsage } from '../gpu-types.js';
import { bufferOf, WebGPUTensor } from '../tensor.js';
import { testBackend } from '../testing/node-gpu.js';
import { createTrainingOps } from './training-ops.js';

/**
 * A per-channel slope used through a compound expression, alpha (alpha + beta): the hoisted
 * per-channel value is not the bare parameter, so tensors of alpha go through the GPU kernel that
 * evaluates hoisted per-channel expressions (PReLU's slope is copied instead).
 */
const squaredSlope = defineActivation({
  id: 'test/squared_slope',
  specVersion: 1,
  params: {
    alpha: { default: 0.5, learnable: true, perChannel: true, description: 'Per-channel factor.' },
    beta: { default: 0.25, description: 'Scalar offset.' },
  },
  forward: (x, p) => select(gt(x, 0), x, mul(mul(p.alpha, add(p.alpha, p.beta)), x)),
  docs: { name: 'Squared slope', latex: String.raw`f(x)=\max(x, a(a+b)x)`, description: 'A test activation.' },
});

const registry = createRegistry({ activations: builtinActivations, plugins: [definePlugin({ name: 'test', version: '1.0.0', namespace: 'test', activations: [squaredSlope] })] });
const backend = await testBackend({ registry });
const reference = createReferenceTrainingBackend({ registry });

const samples = (length: number, seed: number, scale = 1): Float32Array => {
  let state = seed >>> 0;
  return Float32Array.from({ length }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 32 - 0.5) * 2 * scale;
  });
};

/** Compares a tensor with the reference's values within a relative tolerance. */
async function expectClose<T extends DeviceTensor>(mine: Pick<TrainingBackend<T>, 'read'>, actual: T, expected: Promise<Float32Array>, relative: number): Promise<void> {
  const values = await mine.read(actual);
  const wanted = await expected;
  expect(values.length).toBe(wanted.length);
  wanted.forEach((value, i) => { expect(Math.abs((values[i] ?? Number.NaN) - value), `[${i}]`).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(value))); });
}

describe.runIf(backend !== undefined)('WebGPU training ops on Dawn', () => {
  if (backend === undefined) return;

  it('returns tensors at once (the GPU works behind) and waits only in read', async () => {
    const x = backend.tensor(samples(64 * 32, 1), [64, 32]);
    const w = backend.tensor(samples(32 * 16, 2), [32, 16]);
    const result = backend.denseForward(x, w, undefined, { id: 'relu' });
    expect(result.output).toBeInstanceOf(WebGPUTensor);
    expect(result.output.shape).toEqual([64, 16]);
    expect(result.output.size).toBe(1024);
    const values = await backend.read(result.output);
    expect(values.every((value) => value >= 0)).toBe(true);
    expect(values.some((value) => value > 0)).toBe(true);
    [x, w, result.output].forEach((tensor) => { backend.dispose(tensor); });
  });

  it('computes per-channel hoisted expressions of parameter tensors on the GPU', async () => {
    const [rows, units] = [9, 6];
    const input = samples(rows * units, 3, 2);
    const upstream = samples(rows * units, 4);
    const alpha = Float32Array.from({ length: units }, (_, c) => 0.1 + 0.15 * c);
    const call = (tensor: DeviceTensor): ActivationCall => ({ id: 'test/squared_slope', params: { alpha: tensor, beta: 0.75 } });
    const mineAlpha = backend.tensor(alpha, [units]);
    const theirsAlpha = reference.tensor(alpha, [units]);
    const x = backend.tensor(input, [rows, units]);
    const g = backend.tensor(upstream, [rows, units]);
    const forward = backend.activationForward(x, call(mineAlpha));
    await expectClose(backend, forward, reference.read(reference.activationForward(reference.tensor(input, [rows, units]), call(theirsAlpha))), 1e-6);
    const backward = backend.activationBackward(x, g, call(mineAlpha));
    const expected = reference.activationBackward(reference.tensor(input, [rows, units]), reference.tensor(upstream, [rows, units]), call(theirsAlpha));
    await expectClose(backend, backward.gradInput, reference.read(expected.gradInput), 1e-6);
    const gradAlpha = backward.gradParams['alpha'];
    const expectedAlpha = expected.gradParams['alpha'];
    expect(gradAlpha?.shape).toEqual([units]);
    if (gradAlpha === undefined || expectedAlpha === undefined) throw new Error('no alpha gradient');
    await expectClose(backend, gradAlpha, reference.read(expectedAlpha), 1e-5);
    const weights = samples(5 * units, 5);
    const dense = backend.denseForward(backend.tensor(input.subarray(0, rows * 5), [rows, 5]), backend.tensor(weights, [5, units]), undefined, call(mineAlpha));
    const denseExpected = reference.denseForward(reference.tensor(input.subarray(0, rows * 5), [rows, 5]), reference.tensor(weights, [5, units]), undefined, call(theirsAlpha));
    await expectClose(backend, dense.output, reference.read(denseExpected.output), 1e-5);
  });

  it('keeps one pipeline per activation kernel and tile, whatever the parameter values and sizes', async () => {
    const run = async (alpha: number, slopes: Float32Array, batch: number, inputs: number, units: number): Promise<void> => {
      const x = backend.tensor(samples(batch * inputs, batch), [batch, inputs]);
      const w = backend.tensor(samples(inputs * units, inputs), [inputs, units]);
      const bias = backend.tensor(samples(units, units), [units]);
      const slopeTensor = backend.tensor(slopes.subarray(0, units), [units]);
      const leaky = backend.denseForward(x, w, bias, { id: 'leaky_relu', params: { alpha } }, { keepPreActivation: true });
      const parametric = backend.denseForward(x, w, bias, { id: 'prelu', params: { alpha: slopeTensor } });
      const pre = await backend.read(leaky.preActivation ?? leaky.output);
      const output = await backend.read(leaky.output);
      output.forEach((value, i) => { expect(value).toBe(Math.fround((pre[i] ?? 0) > 0 ? (pre[i] ?? 0) : Math.fround(alpha) * (pre[i] ?? 0))); });
      const back = backend.activationBackward(leaky.preActivation ?? leaky.output, leaky.output, { id: 'leaky_relu', params: { alpha } });
      [x, w, bias, slopeTensor, leaky.output, leaky.preActivation ?? x, parametric.output, back.gradInput].forEach((tensor) => { if (!tensor.disposed) backend.dispose(tensor); });
    };
    const slopes = samples(32, 9, 0.3);
    await run(0.1, slopes, 7, 33, 19);
    const before = backend.pipelineStats.misses;
    await run(0.2, slopes.map((value) => value + 0.05), 9, 40, 20);
    await run(0.3, slopes.map((value) => value * 2), 3, 12, 31);
    expect(backend.pipelineStats.misses).toBe(before);
  });

  it('returns the pool to its start after a loop of training steps with disposes, and the loss falls', async () => {
    // A 2-layer classifier of 4 gaussian clusters in 8 dimensions, trained with Adam.
    const [batch, inputs, hidden, classes] = [32, 8, 16, 4];
    const labelValues = Float32Array.from({ length: batch }, (_, i) => i % classes);
    const data = samples(batch * inputs, 11, 0.3).map((value, index) => value + ((labelValues[Math.floor(index / inputs)] ?? 0) === index % inputs % classes ? 1.5 : 0));
    const x = backend.tensor(data, [batch, inputs]);
    const labels = backend.tensor(labelValues, [batch]);
    const w1 = backend.tensor(samples(inputs * hidden, 12, 0.5), [inputs, hidden]);
    const b1 = backend.fill([hidden], 0.01);
    const w2 = backend.tensor(samples(hidden * classes, 13, 0.5), [hidden, classes]);
    const b2 = backend.zeros([classes]);
    const slopes = backend.fill([hidden], 0.25);
    const params = [w1, b1, w2, b2, slopes];
    const moments = params.map((param) => [backend.zeros(param.shape), backend.zeros(param.shape)]);
    const start = backend.poolStats;
    const losses: number[] = [];
    for (let step = 1; step <= 40; step++) {
      const activation: ActivationCall = { id: 'prelu', params: { alpha: slopes } };
      const first = backend.denseForward(x, w1, b1, activation, { keepPreActivation: true });
      const pre = first.preActivation ?? first.output;
      const dropped = backend.dropout(first.output, 0.1, step);
      const logits = backend.denseForward(dropped.output, w2, b2, { id: 'identity' });
      const { loss, grad } = backend.softmaxCrossEntropy(logits.output, labels);
      const productW2 = backend.matmul(dropped.output, grad, { transposeA: true });
      const gradW2 = backend.clip(productW2, -1, 1);
      const gradB2 = backend.sumRows(grad);
      const gradDropped = backend.matmul(grad, w2, { transposeB: true });
      const gradHidden = backend.mul(gradDropped, dropped.mask);
      const through = backend.activationBackward(pre, gradHidden, activation);
      const gradW1 = backend.matmul(x, through.gradInput, { transposeA: true });
      const gradB1 = backend.sumRows(through.gradInput);
      const gradSlopes = through.gradParams['alpha'];
      if (gradSlopes === undefined) throw new Error('prelu must return a slope gradient');
      const norm = backend.sumSquares(gradW1);
      const grads = [gradW1, gradB1, gradW2, gradB2, gradSlopes];
      params.forEach((param, index) => {
        backend.optimizerStep('adam', param, grads[index] ?? param, moments[index] ?? [], { learningRate: 0.05, step });
      });
      losses.push((await backend.read(loss))[0] ?? Number.NaN);
      expect(Number.isFinite((await backend.read(norm))[0])).toBe(true);
      [first.output, pre, dropped.output, dropped.mask, logits.output, loss, grad, productW2, gradDropped, gradHidden, through.gradInput, norm, ...grads].forEach((tensor) => { backend.dispose(tensor); });
      expect(backend.poolStats.liveBuffers).toBe(start.liveBuffers);
    }
    expect(backend.poolStats).toMatchObject({ liveBuffers: start.liveBuffers, liveBytes: start.liveBytes });
    expect(losses[losses.length - 1]).toBeLessThan((losses[0] ?? 0) / 4);
    [x, labels, ...params, ...moments.flat()].forEach((tensor) => { backend.dispose(tensor); });
  });

  it('folds element-wise dispatches past 65,535 workgroups (2^24 + 5 elements, 64 invocations per workgroup)', { timeout: 30_000 }, async () => {
    const length = 2 ** 24 + 5;
    const input = new Float32Array(length);
    for (let i = 0; i < length; i++) input[i] = (i % 1999) - 999.5;
    const narrow = await testBackend({ registry, workgroupSize: 64 });
    if (narrow === undefined) throw new Error('no second device from the adapter');
    const tensor = narrow.tensor(input, [length]);
    const scaled = narrow.scale(tensor, -2);
    const values = await narrow.read(scaled);
    let mismatches = 0;
    for (let i = 0; i < length; i++) if (values[i] !== -2 * (input[i] ?? 0)) mismatches++;
    expect(mismatches).toBe(0);
    expect(Math.ceil(length / 4 / narrow.workgroupSize)).toBeGreaterThan(narrow.device.limits.maxComputeWorkgroupsPerDimension);
    narrow.destroy();
  });

  it('works within tight limits (4 storage buffers per stage, 3 workgroups per dimension) with every tile size', async () => {
    const { device } = backend;
    // The same device, reporting compatibility mode's minimum storage buffers and a tiny dispatch limit.
    const limits: Partial<GPUSupportedLimits> = {
      maxComputeInvocationsPerWorkgroup: device.limits.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupSizeX: device.limits.maxComputeWorkgroupSizeX,
      maxComputeWorkgroupSizeY: device.limits.maxComputeWorkgroupSizeY,
      maxComputeWorkgroupStorageSize: device.limits.maxComputeWorkgroupStorageSize,
      maxStorageBuffersPerShaderStage: 4,
      maxComputeWorkgroupsPerDimension: 3,
    };
    const tight = new Proxy(device, {
      get(target, property) {
        if (property === 'limits') return limits;
        // Not a CPU rasteriser: small outputs get the smaller tiles, which llvmpipe itself never uses.
        if (property === 'adapterInfo') return { vendor: 'test', architecture: 'test', device: 'test', description: 'a hardware adapter' };
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const owner = {};
    const pool = new BufferPool(device);
    const { ops } = createTrainingOps({ device: tight, pool, owner, registry, workgroupSize: 64, vectorsPerInvocation: 1, checkUsable: () => undefined, checkSize: () => undefined });
    const reader = {
      async read(tensor: WebGPUTensor): Promise<Float32Array> {
        const staging = device.createBuffer({ size: paddedBytes(tensor.size), usage: readbackUsage });
        const encoder = device.createCommandEncoder();
        encoder.copyBufferToBuffer(bufferOf(tensor, owner, 'tensor'), 0, staging, 0, paddedBytes(tensor.size));
        device.queue.submit([encoder.finish()]);
        await staging.mapAsync(1 /* GPUMapMode.READ */);
        const values = new Float32Array(staging.getMappedRange().slice(0, tensor.size * 4));
        staging.destroy();
        return values;
      },
    };
    const [batch, inputs, units] = [130, 33, 70];
    const x = samples(batch * inputs, 21);
    const w = samples(inputs * units, 22, 0.3);
    const bias = samples(units, 23);
    const dense = ops.denseForward(ops.tensor(x, [batch, inputs]), ops.tensor(w, [inputs, units]), ops.tensor(bias, [units]), { id: 'elu' }, { keepPreActivation: true });
    const expected = reference.denseForward(reference.tensor(x, [batch, inputs]), reference.tensor(w, [inputs, units]), reference.tensor(bias, [units]), { id: 'elu' }, { keepPreActivation: true });
    await expectClose(reader, dense.output, reference.read(expected.output), 1e-5);
    await expectClose(reader, dense.preActivation ?? dense.output, reference.read(expected.preActivation ?? expected.output), 1e-5);
    // 130x70 and 64x128 outputs take 16x16 tiles, 200x200 32x32 and 256x256 64x64 (at least 32 workgroups).
    for (const [m, k, n] of [[130, 33, 70], [64, 47, 128], [200, 21, 200], [256, 9, 256]] as const) {
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          const a = samples(m * k, m + k);
          const b = samples(k * n, k + n);
          const aShape = transposeA ? [k, m] : [m, k];
          const bShape = transposeB ? [n, k] : [k, n];
          const product = ops.matmul(ops.tensor(a, aShape), ops.tensor(b, bShape), { transposeA, transposeB });
          await expectClose(reader, product, reference.read(reference.matmul(reference.tensor(a, aShape), reference.tensor(b, bShape), { transposeA, transposeB })), 1e-5);
        }
      }
    }
    const wide = samples(300 * 500, 24);
    await expectClose(reader, ops.sumRows(ops.tensor(wide, [300, 500])), reference.read(reference.sumRows(reference.tensor(wide, [300, 500]))), 1e-5);
    await expectClose(reader, ops.argmax(ops.tensor(wide, [500, 300])), reference.read(reference.argmax(reference.tensor(wide, [500, 300]))), 0);
    await expectClose(reader, ops.add(ops.tensor(wide, [wide.length]), ops.tensor(wide, [wide.length])), reference.read(reference.add(reference.tensor(wide, [wide.length]), reference.tensor(wide, [wide.length]))), 0);
    const moments = [ops.zeros([wide.length]), ops.zeros([wide.length])];
    const param = ops.tensor(wide, [wide.length]);
    ops.optimizerStep('adam', param, ops.tensor(wide, [wide.length]), moments, { learningRate: 0.01, step: 1 });
    const referenceParam = reference.tensor(wide, [wide.length]);
    reference.optimizerStep('adam', referenceParam, reference.tensor(wide, [wide.length]), [reference.zeros([wide.length]), reference.zeros([wide.length])], { learningRate: 0.01, step: 1 });
    await expectClose(reader, param, reference.read(referenceParam), 1e-6);
    pool.destroy();
  }, 60_000);

  it('rejects calls after destroy() synchronously with a typed error', async () => {
    const own = await testBackend({ registry });
    if (own === undefined) return;
    const tensor = own.tensor(Float32Array.of(1, 2), [2]);
    own.destroy();
    expect(() => own.scale(tensor, 2)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }) as Error);
    expect(() => own.zeros([2])).toThrow(/destroyed/);
    let caught: unknown;
    try {
      own.denseForward(tensor, tensor, undefined, { id: 'relu' });
    } catch (error) {
      caught = error;
    }
    expect(isRectifyError(caught, 'INVALID_OPTION')).toBe(true);
  });

  it('rejects a parameter tensor of the wrong length or for a scalar parameter', () => {
    const x = backend.tensor(samples(12, 31), [3, 4]);
    const three = backend.tensor(samples(3, 32), [3]);
    const four = backend.tensor(samples(4, 33), [4]);
    expect(() => backend.activationForward(x, { id: 'prelu', params: { alpha: three } })).toThrow(expect.objectContaining({ code: 'PARAM_LENGTH_MISMATCH' }) as Error);
    expect(() => backend.activationForward(x, { id: 'leaky_relu', params: { alpha: four } })).toThrow(expect.objectContaining({ code: 'INVALID_PARAM_TYPE' }) as Error);
    expect(() => backend.activationForward(x, { id: 'prelu', params: { slope: four } })).toThrow(expect.objectContaining({ code: 'UNKNOWN_PARAMETER' }) as Error);
    [x, three, four].forEach((tensor) => { backend.dispose(tensor); });
  });
});

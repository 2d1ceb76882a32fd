import { builtinActivations, createRegistry, isRectifyError, referenceBackward, referenceForward, resolveParams } from '@rectify/activation-core';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { describe, expect, it } from 'vitest';
import { adapterText } from './adapter-text.js';
import { createWebGPUBackend } from './index.js';
import { PipelineCache } from './pipelines.js';
import { nodeGpu, testBackend } from './testing/node-gpu.js';
import { checkSignTests } from './testing/sign-test-checks.js';

const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
const backend = await testBackend({ registry });

const samples = (length: number, seed: number): Float32Array => {
  let state = seed;
  return Float32Array.from({ length }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 32 - 0.5) * 8;
  });
};

const bindMethod = (target: object, property: string | symbol): unknown => {
  const value: unknown = Reflect.get(target, property);
  return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
};

/** The device with its queue's writeBuffer calls counted and, when given, a lower storage-buffer limit. */
function instrumented(device: GPUDevice, maxStorageBuffersPerShaderStage?: number): { device: GPUDevice; writes: () => number } {
  let writes = 0;
  const queue = new Proxy(device.queue, {
    get(target, property) {
      const value = bindMethod(target, property);
      if (property !== 'writeBuffer' || typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        writes++;
        return (value as (...args: unknown[]) => unknown)(...args);
      };
    },
  });
  const limits = new Proxy(device.limits, {
    get: (target, property) => (property === 'maxStorageBuffersPerShaderStage' && maxStorageBuffersPerShaderStage !== undefined ? maxStorageBuffersPerShaderStage : bindMethod(target, property)),
  });
  const wrapped = new Proxy(device, {
    get: (target, property) => (property === 'queue' ? queue : property === 'limits' ? limits : bindMethod(target, property)),
  });
  return { device: wrapped, writes: () => writes };
}

describe.runIf(backend !== undefined)('WebGPU backend on Dawn (OpenGL ES, compatibility mode)', () => {
  if (backend === undefined) return;

  it('chains GPU-resident calls without copies and reads the result', async () => {
    const input = samples(1001, 1);
    const tensor = backend.upload(input);
    const hidden = await backend.forwardTensor('leaky_relu', tensor, { alpha: 0.2 });
    const output = await backend.forwardTensor('tanh', hidden);
    const expected = referenceForward(registry.get('tanh'), Float32Array.from(referenceForward(registry.get('leaky_relu'), input, { alpha: 0.2 })), {});
    const actual = await backend.read(output);
    actual.forEach((value, i) => { expect(Math.abs(value - (expected[i] ?? 0))).toBeLessThan(1e-6); });
    [tensor, hidden, output].forEach((t) => { backend.dispose(t); });
  });

  it('runs in place on a tensor: same tensor object, new values', async () => {
    const input = samples(7, 2);
    const tensor = backend.upload(input);
    const result = await backend.forwardTensor('relu', tensor, {}, { inPlace: true });
    expect(result).toBe(tensor);
    expect(Array.from(await backend.read(tensor))).toEqual(Array.from(input, (x) => Math.max(x, 0)));
    const grad = backend.upload(new Float32Array(7).fill(2));
    const back = await backend.backwardTensor('relu', tensor, grad, {}, { inPlace: true });
    expect(back.gradInput).toBe(grad);
    expect(Array.from(await backend.read(grad))).toEqual(Array.from(input, (x) => (x > 0 ? 2 : 0)));
    backend.dispose(tensor);
    backend.dispose(grad);
  });

  it.each([[[4, 3]], [[2, 3, 2, 5]]])('reduces per-channel parameter gradients on the GPU (shape %j, channel axis 1)', async (shape) => {
    const length = shape.reduce((total, size) => total * size, 1);
    const input = samples(length, 3);
    const grad = samples(length, 4);
    const alpha = Float32Array.of(0.1, 0.2, 0.3);
    const expected = referenceBackward(registry.get('prelu'), input, grad, { alpha }, { shape });
    const x = backend.upload(input, shape);
    const g = backend.upload(grad, shape);
    const result = await backend.backwardTensor('prelu', x, g, { alpha });
    const got = result.gradParams['alpha'];
    expect(got).toBeInstanceOf(Float32Array);
    const want = expected.gradParams['alpha'] as Float64Array;
    expect((got as Float32Array).length).toBe(3);
    want.forEach((value, c) => { expect(Math.abs(((got as Float32Array)[c] ?? Number.NaN) - value)).toBeLessThan(1e-4 * Math.max(1, Math.abs(value))); });
    const gradInput = await backend.read(result.gradInput);
    gradInput.forEach((value, i) => { expect(value).toBeCloseTo(expected.gradInput[i] ?? Number.NaN, 5); });
    // Without the slope's gradient: no reduction, no gradParams, the same input gradient.
    const before = backend.poolStats.liveBuffers;
    const inputOnly = await backend.backwardTensor('prelu', x, g, { alpha }, { paramGradients: false });
    expect(inputOnly.gradParams).toEqual({});
    expect(backend.poolStats.liveBuffers).toBe(before + 1);
    expect(await backend.read(inputOnly.gradInput)).toEqual(gradInput);
    [x, g, result.gradInput, inputOnly.gradInput].forEach((t) => { backend.dispose(t); });
  });

  it('reduces a scalar learnable parameter over a large array on the GPU', async () => {
    const input = samples(300_001, 5);
    const grad = samples(input.length, 6);
    const { gradParams } = await backend.backward('prelu', input, grad, { alpha: 0.25 });
    const expected = referenceBackward(registry.get('prelu'), input, grad, { alpha: 0.25 });
    expect(Math.abs(Number(gradParams['alpha']) - Number(expected.gradParams['alpha'])) / Math.abs(Number(expected.gradParams['alpha']))).toBeLessThan(1e-4);
  });

  it('folds the dispatch into 2-D past 65,535 workgroups (2^24 + 3 elements, 64 invocations per workgroup)', async () => {
    const narrow = await testBackend({ registry, workgroupSize: 64, vectorsPerInvocation: 1 });
    if (narrow === undefined) throw new Error('no second device from the adapter');
    const length = 2 ** 24 + 3;
    const input = new Float32Array(length);
    for (let i = 0; i < length; i++) input[i] = (i % 1999) - 999.5;
    const output = await narrow.forward('relu', input);
    let mismatches = 0;
    for (let i = 0; i < length; i++) if (output[i] !== Math.max(input[i] ?? 0, 0)) mismatches++;
    expect(mismatches).toBe(0);
    expect(Math.ceil(length / 4 / (narrow.workgroupSize * narrow.vectorsPerInvocation))).toBeGreaterThan(narrow.device.limits.maxComputeWorkgroupsPerDimension);
    narrow.destroy();
  });

  it('uses 256 invocations per workgroup, or the device limit below that', () => {
    expect(backend.workgroupSize).toBe(Math.min(256, backend.device.limits.maxComputeInvocationsPerWorkgroup, backend.device.limits.maxComputeWorkgroupSizeX));
  });

  it("takes two vectors per invocation on Mesa's llvmpipe and one elsewhere by default", () => {
    expect(backend.vectorsPerInvocation).toBe(adapterText(backend.device).includes('llvmpipe') ? 2 : 1);
  });

  it('computes several vectors per invocation with the same bits as one, tails and per-channel gradients included', async () => {
    const wide = await testBackend({ registry, vectorsPerInvocation: 4 });
    const single = await testBackend({ registry, vectorsPerInvocation: 1 });
    if (wide === undefined || single === undefined) throw new Error('no second device from the adapter');
    expect([wide.vectorsPerInvocation, single.vectorsPerInvocation]).toEqual([4, 1]);
    // Around the end of an invocation's four vectors and of a workgroup's, and 0 to 9.
    const span = 16 * wide.workgroupSize;
    const lengths = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, span - 5, span, span + 13];
    const bits = (values: Float32Array): number[] => Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));
    for (const definition of registry.list()) {
      for (const length of lengths) {
        const input = samples(length, length + 20);
        const grad = samples(length, length + 21);
        const params = definition.id === 'prelu' ? { alpha: 0.3 } : {};
        expect(bits(await wide.forward(definition.id, input, params)), `${definition.id} forward, ${length} elements`).toEqual(bits(await single.forward(definition.id, input, params)));
        const [a, b] = [await wide.backward(definition.id, input, grad, params), await single.backward(definition.id, input, grad, params)];
        expect(bits(a.gradInput), `${definition.id} backward, ${length} elements`).toEqual(bits(b.gradInput));
        expect(a.gradParams).toEqual(b.gradParams);
      }
    }
    const shape = [3, 5, 61];
    const input = samples(3 * 5 * 61, 30);
    const alpha = Float32Array.of(0.1, 0.2, 0.3, 0.4, 0.5);
    const [a, b] = [await wide.backward('prelu', input, samples(input.length, 31), { alpha }, { shape }), await single.backward('prelu', input, samples(input.length, 31), { alpha }, { shape })];
    expect(bits(a.gradInput)).toEqual(bits(b.gradInput));
    expect(bits(a.gradParams['alpha'] as Float32Array)).toEqual(bits(b.gradParams['alpha'] as Float32Array));
    wide.destroy();
    single.destroy();
  });

  it('refuses a vectorsPerInvocation other than 1, 2, 4 or 8 before it looks for a device', async () => {
    for (const value of [0, 3, 16, 2.5, Number.NaN]) {
      const error: unknown = await createWebGPUBackend({ gpu: {} as GPU, vectorsPerInvocation: value }).catch((caught: unknown) => caught);
      expect(isRectifyError(error, 'INVALID_OPTION'), String(value)).toBe(true);
      expect(String(error)).toMatch(/vectorsPerInvocation must be 1, 2, 4 or 8/);
    }
  });

  it('reads its arrays during the call: changing input or per-channel values before awaiting does not reach the result', async () => {
    const input = samples(12, 9);
    const alpha = Float32Array.of(0.1, 0.2, 0.3);
    const expected = referenceForward(registry.get('prelu'), input, { alpha }, { shape: [4, 3], float32Uniforms: true });
    const pending = backend.forward('prelu', input, { alpha }, { shape: [4, 3] });
    alpha.fill(5);
    input.fill(-1);
    expect(Array.from(await pending)).toEqual(Array.from(Float32Array.from(expected)));
  });

  it('changing a parameter value reuses the pipeline; shapes never enter the key', async () => {
    const input = samples(100, 7);
    await backend.forward('elu', input, { alpha: 1 });
    const before = backend.pipelineStats.misses;
    await backend.forward('elu', input, { alpha: 0.5 });
    await backend.forward('elu', samples(1000, 8), { alpha: 2 });
    await backend.forward('elu', input, { alpha: 0.7 }, { shape: [10, 10] });
    expect(backend.pipelineStats.misses).toBe(before);
    expect(backend.pipelineStats.hits).toBeGreaterThan(0);
  });

  it('backward from a saved output: uploaded and read only where the derivative uses y, each variant its own pipeline', async () => {
    const counted = instrumented(backend.device);
    const own = await createWebGPUBackend({ registry, device: counted.device });
    const input = samples(103, 12);
    const grad = samples(input.length, 13);
    const scaled = (await own.forward('elu', input)).map((value) => value * 0.75);
    const writesOf = async (run: () => Promise<unknown>): Promise<number> => {
      const before = counted.writes();
      await run();
      return counted.writes() - before;
    };

    const plainWrites = await writesOf(() => own.backward('relu', input, grad));
    const misses = own.pipelineStats.misses;
    expect(await writesOf(() => own.backward('relu', input, grad, {}, { output: scaled }))).toBe(plainWrites);
    expect(own.pipelineStats.misses).toBe(misses);

    const recomputed = await own.backward('elu', input, grad);
    // With alpha >= 0 the kernel reads y alone: y is uploaded in place of x. With alpha < 0 it reads both.
    expect(await writesOf(() => own.backward('elu', input, grad, {}, { output: scaled }))).toBe(plainWrites);
    expect(await writesOf(() => own.backward('elu', input, grad, { alpha: -0.5 }, { output: scaled }))).toBe(plainWrites + 1);
    const fromOutput = await own.backward('elu', input, grad, {}, { output: scaled });
    expect(own.pipelineStats.misses).toBe(misses + 3);
    const expected = referenceBackward(registry.get('elu'), input, grad, {}, { output: scaled });
    fromOutput.gradInput.forEach((value, i) => { expect(Math.abs(value - (expected.gradInput[i] ?? 0))).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(value))); });
    expect(Array.from(fromOutput.gradInput)).not.toEqual(Array.from(recomputed.gradInput));
    expect(Array.from((await own.backward('elu', input, grad)).gradInput)).toEqual(Array.from(recomputed.gradInput));
    own.destroy();
  });

  it('backwardTensor reads a saved output tensor as backward reads the array', async () => {
    const input = samples(41, 14);
    const grad = samples(input.length, 15);
    const scaled = (await backend.forward('elu', input, { alpha: 0.5 })).map((value) => value * 0.75);
    const expected = await backend.backward('elu', input, grad, { alpha: 0.5 }, { output: scaled });
    const x = backend.upload(input);
    const g = backend.upload(grad);
    const y = backend.upload(scaled);
    const result = await backend.backwardTensor('elu', x, g, { alpha: 0.5 }, { output: y });
    expect(Array.from(await backend.read(result.gradInput))).toEqual(Array.from(expected.gradInput));
    [x, g, y, result.gradInput].forEach((tensor) => { backend.dispose(tensor); });
  });

  it('backward from a saved output depends on y alone where y decides (ELU with alpha >= 0), on x otherwise', async () => {
    const input = samples(37, 18);
    const grad = samples(input.length, 19);
    const unread = new Float32Array(input.length).fill(Number.NaN);
    for (const alpha of [1, 0]) {
      const output = await backend.forward('elu', input, { alpha });
      const expected = Array.from((await backend.backward('elu', input, grad, { alpha }, { output })).gradInput);
      expect(Array.from((await backend.backward('elu', unread, grad, { alpha }, { output })).gradInput)).toEqual(expected);
    }
    const output = await backend.forward('elu', input, { alpha: -0.5 });
    const fromInput = Array.from((await backend.backward('elu', input, grad, { alpha: -0.5 }, { output })).gradInput);
    const flipped = input.map((value) => -value);
    expect(Array.from((await backend.backward('elu', flipped, grad, { alpha: -0.5 }, { output })).gradInput)).not.toEqual(fromInput);
  });

  it('recomputes y where binding it would pass the device storage-buffer limit', async () => {
    const elu = registry.get('elu');
    const params = resolveParams(elu, {}, undefined);
    // ELU's backward binds x, dx and dy: y is a fourth storage buffer.
    const reads = (limit: number): boolean => new PipelineCache(backend.device, 4, 64, 1, limit).lookup(elu, 'backward', params, false, false, { fromOutput: true }).kernel.source.readsOutput;
    expect(reads(4)).toBe(true);
    expect(reads(3)).toBe(false);

    const counted = instrumented(backend.device, 3);
    const limited = await createWebGPUBackend({ registry, device: counted.device });
    const input = samples(67, 16);
    const grad = samples(input.length, 17);
    const scaled = (await limited.forward('elu', input)).map((value) => value * 0.75);
    const recomputed = await limited.backward('elu', input, grad);
    const before = counted.writes();
    const fromOutput = await limited.backward('elu', input, grad, {}, { output: scaled });
    expect(Array.from(fromOutput.gradInput)).toEqual(Array.from(recomputed.gradInput));
    expect(counted.writes() - before).toBe(3);
    limited.destroy();
  });

  it('returns every buffer to the pool after a long loop of calls', async () => {
    const start = backend.poolStats;
    for (let i = 0; i < 300; i++) {
      const input = samples(1 + (i % 37) * 13, i);
      await backend.forward(i % 2 === 0 ? 'elu' : 'smooth/silu', input);
      await backend.backward('prelu', input, input, { alpha: Float32Array.of(0.2) }, { shape: [input.length, 1] });
      // The saved output alone is uploaded and bound twice: released once.
      if (i % 3 === 0) await backend.backward('elu', input, input.slice(), {}, { output: input.slice() });
      const tensor = backend.upload(input);
      const out = await backend.forwardTensor('relu', tensor);
      backend.dispose(out);
      backend.dispose(tensor);
    }
    expect(backend.poolStats.liveBuffers).toBe(start.liveBuffers);
    expect(backend.poolStats.liveBytes).toBe(start.liveBytes);
  });

  it('keeps -0 and +0 parameter values apart (hardtanh clipped at zeros of either sign)', async () => {
    const input = new Float32Array([-3, -0, 0, 3, Number.NaN]);
    const clipped = async (low: number, high: number): Promise<string[]> =>
      Array.from(await backend.forward('hardtanh', input, { min_val: low, max_val: high }), (value) => (Object.is(value, -0) ? '-0' : String(value)));
    expect(await clipped(0, 0)).toEqual(['0', '0', '0', '0', 'NaN']);
    expect(await clipped(-0, -0)).toEqual(['-0', '-0', '-0', '-0', 'NaN']);
    expect(await clipped(-0, 0)).toEqual(['-0', '-0', '0', '0', 'NaN']);
  });

  it('selects on the sign of x as IEEE compares, at denormals, zeros of either sign, infinities and NaN', async () => {
    expect(await checkSignTests(backend, registry)).toEqual([]);
    const scalar = await testBackend({ registry, width: 1 });
    if (scalar === undefined) return;
    expect(await checkSignTests(scalar, registry)).toEqual([]);
    scalar.destroy();
  });

  it('computes with scalar lanes too (width 1)', async () => {
    const scalar = await testBackend({ registry, width: 1 });
    if (scalar === undefined) return;
    for (const id of ['relu', 'elu', 'smooth/gelu', 'rrelu']) {
      const input = samples(37, 10);
      const expected = referenceForward(registry.get(id), input, {}, { training: true, seed: 3, float32Uniforms: true });
      const actual = await scalar.forward(id, input, {}, { training: true, seed: 3 });
      actual.forEach((value, i) => { expect(Math.abs(value - (expected[i] ?? 0))).toBeLessThanOrEqual(2e-6 * Math.max(1, Math.abs(value))); });
    }
    scalar.destroy();
  });

  it('finds the GPU itself from a gpu entry point', async () => {
    const found = await nodeGpu();
    if (!('gpu' in found)) return;
    const own = await createWebGPUBackend({ gpu: found.gpu });
    expect(Array.from(await own.forward('relu', Float32Array.of(-1, 1)))).toEqual([0, 1]);
    own.destroy();
  });

  it("finds Dawn by importing 'webgpu' when given nothing (OpenGL ES fallback on Linux)", async () => {
    const own = await createWebGPUBackend();
    expect(Array.from(await own.forward('elu', Float32Array.of(-1, 1)))).toEqual([Math.fround(Math.expm1(-1)), 1]);
    expect(own.gpu).toBeDefined();
    own.destroy();
  });

  it('reports a missing adapter with a typed error naming what was tried', async () => {
    // An entry point without adapters, as in a browser whose GPU is blocklisted.
    const noAdapter: Pick<GPU, 'requestAdapter'> = { requestAdapter: () => Promise.resolve(null) };
    const error: unknown = await createWebGPUBackend({ gpu: noAdapter as GPU }).catch((caught: unknown) => caught);
    expect(isRectifyError(error, 'INVALID_OPTION')).toBe(true);
    expect(String(error)).toMatch(/No WebGPU adapter found. Tried: the given gpu \(no adapter\)/);
  });

  it('device loss rejects pending calls with a typed error; a new backend works', async () => {
    const found = await nodeGpu();
    if (!('gpu' in found)) return;
    const fragile = await createWebGPUBackend({ gpu: found.gpu });
    const pending = fragile.forward('elu', samples(100_000, 11));
    fragile.device.destroy();
    const error: unknown = await pending.catch((caught: unknown) => caught);
    expect(isRectifyError(error, 'DEVICE_LOST')).toBe(true);
    expect(String(error)).toMatch(/lost/);
    expect(fragile.lost?.reason).toBe('destroyed');
    await expect(fragile.forward('relu', Float32Array.of(1))).rejects.toThrow(/lost/);
    const fresh = await createWebGPUBackend({ gpu: found.gpu });
    expect(Array.from(await fresh.forward('relu', Float32Array.of(-2, 2)))).toEqual([0, 2]);
    fresh.destroy();
  });
});

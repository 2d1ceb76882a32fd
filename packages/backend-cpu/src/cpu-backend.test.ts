import { builtinActivations, createRegistry, referenceBackward, referenceForward } from '@rectify/activation-core';
import { normalSamples } from '@rectify/activation-core/testing';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { canCompileWasmSimd, createCpuBackend } from './index.js';
import { ThreadPool } from './threads/thread-pool.js';

const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });

describe('engine choice', () => {
  it('uses WebAssembly SIMD where run-time compilation is allowed', () => {
    expect(canCompileWasmSimd()).toBe(true);
    expect(createCpuBackend({ registry }).engine).toBe('wasm-simd');
  });

  it('falls back to the interpreter, and says so, where compiling WebAssembly is forbidden', () => {
    // What a Content-Security-Policy without 'wasm-unsafe-eval' does: compiling throws.
    vi.stubGlobal('WebAssembly', { ...WebAssembly, Module: function blocked() { throw new WebAssembly.CompileError('Wasm code generation disallowed by embedder'); } });
    try {
      expect(canCompileWasmSimd()).toBe(false);
      const backend = createCpuBackend({ registry });
      expect(backend.engine).toBe('interpreter');
      expect(Array.from(backend.forward('relu', Float32Array.of(-1, 2)))).toEqual([0, 2]);
      expect(() => createCpuBackend({ registry, engine: 'wasm-simd' })).toThrow(/cannot compile WebAssembly SIMD/);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('kernels', () => {
  it('compiles once per activation and kernel kind, whatever the parameter values', () => {
    const backend = createCpuBackend({ registry, threads: 1 });
    const input = Float32Array.from(normalSamples(100, 1));
    for (const alpha of [0.01, 0.1, 0.2, 0.3, 0.5]) backend.forward('leaky_relu', input, { alpha });
    for (const alpha of [0.01, 0.1]) backend.backward('leaky_relu', input, input, { alpha });
    expect(backend.kernelStats.compiled).toBe(2);
  });

  it('compiles one kernel per branch of a parameter-selected formula (GELU erf or tanh)', () => {
    const backend = createCpuBackend({ registry, threads: 1 });
    const input = Float32Array.from(normalSamples(100, 2));
    backend.forward('smooth/gelu', input, { approximate: 'none' });
    backend.forward('smooth/gelu', input, { approximate: 'tanh' });
    backend.forward('smooth/gelu', input, { approximate: 'none' });
    expect(backend.kernelStats.compiled).toBe(2);
  });

  it('compiles a backward kernel that reads the saved output only for definitions whose derivative is written in terms of it', () => {
    const backend = createCpuBackend({ registry, threads: 1 });
    const input = Float32Array.from(normalSamples(100, 2));
    const grad = Float32Array.from(normalSamples(100, 3));
    for (const id of ['elu', 'relu']) {
      const output = backend.forward(id, input);
      backend.backward(id, input, grad);
      backend.backward(id, input, grad, {}, { output });
    }
    // elu: forward, backward, backward from y; relu: forward, and one backward for both calls.
    expect(backend.kernelStats.compiled).toBe(5);
  });

  it('backward from a saved output depends on y alone where y decides (ELU with alpha >= 0), on x otherwise', () => {
    const backend = createCpuBackend({ registry, threads: 1 });
    for (const length of [1, 3, 4, 13, 64]) {
      const input = Float32Array.from(normalSamples(length, length));
      const grad = Float32Array.from(normalSamples(length, length + 1));
      const unread = new Float32Array(length).fill(Number.NaN);
      for (const alpha of [1, 0]) {
        const output = backend.forward('elu', input, { alpha });
        const expected = Array.from(backend.backward('elu', input, grad, { alpha }, { output }).gradInput);
        expect(Array.from(backend.backward('elu', unread, grad, { alpha }, { output }).gradInput)).toEqual(expected);
      }
      // With alpha < 0 both branches can give y > 0, so x decides and is read: flipping its signs changes the result.
      const output = backend.forward('elu', input, { alpha: -0.5 });
      const flipped = input.map((value) => -value);
      const fromInput = Array.from(backend.backward('elu', input, grad, { alpha: -0.5 }, { output }).gradInput);
      expect(Array.from(backend.backward('elu', flipped, grad, { alpha: -0.5 }, { output }).gradInput)).not.toEqual(fromInput);
    }
  });

  it('keeps -0 and +0 parameter values apart (hardtanh clipped at zeros of either sign)', () => {
    const backend = createCpuBackend({ registry, threads: 1 });
    const input = new Float32Array([-3, -0, 0, 3, Number.NaN]);
    const clipped = (low: number, high: number): string[] =>
      Array.from(backend.forward('hardtanh', input, { min_val: low, max_val: high }), (value) => (Object.is(value, -0) ? '-0' : String(value)));
    expect(clipped(0, 0)).toEqual(['0', '0', '0', '0', 'NaN']);
    expect(clipped(-0, -0)).toEqual(['-0', '-0', '-0', '-0', 'NaN']);
    expect(clipped(-0, 0)).toEqual(['-0', '-0', '0', '0', 'NaN']);
  });
});

describe('memory', () => {
  it('uses arrays from allocate() in place and keeps memory accounting balanced', () => {
    const backend = createCpuBackend({ registry, threads: 1 });
    const before = backend.memoryStats;
    const input = backend.allocate(1000);
    const output = backend.allocate(1000);
    input.set(normalSamples(1000, 3));
    expect(backend.forward('elu', input, {}, { out: output })).toBe(output);
    expect(Array.from(output)).toEqual(Array.from(backend.forward('elu', Float32Array.from(input))));
    backend.free(input);
    backend.free(output);
    for (let call = 0; call < 50; call++) backend.forward('relu', new Float32Array(5000));
    expect(backend.memoryStats.blocks).toBeLessThanOrEqual(before.blocks + 1);
  });
});

describe('threads', () => {
  const single = createCpuBackend({ registry, threads: 1 });
  const parallel = createCpuBackend({ registry, threads: 2, parallelThreshold: 1024 });
  afterAll(() => { parallel.destroy(); });

  it('splits large arrays across threads with the same results as one thread', () => {
    expect(parallel.threads).toBe(2);
    const input = Float32Array.from(normalSamples(100_003, 4, 3));
    for (const id of ['relu', 'elu', 'smooth/gelu', 'rrelu']) {
      expect(Array.from(parallel.forward(id, input, {}, { training: true, seed: 5 }))).toEqual(Array.from(single.forward(id, input, {}, { training: true, seed: 5 })));
    }
  });

  it('splits kernels bound by arithmetic from an eighth of the threshold, with the same results', () => {
    const splitting = createCpuBackend({ registry, threads: 2, parallelThreshold: 8 * 1024 });
    const handOvers = vi.spyOn(ThreadPool.prototype, 'run');
    const input = Float32Array.from(normalSamples(1_500, 13, 3));
    // elu (an exponential) splits at 1,500 elements, relu (8,192 needed) does not; both agree with one thread.
    expect(Array.from(splitting.forward('elu', input))).toEqual(Array.from(single.forward('elu', input)));
    expect(handOvers).toHaveBeenCalledTimes(1);
    expect(Array.from(splitting.forward('relu', input))).toEqual(Array.from(single.forward('relu', input)));
    expect(handOvers).toHaveBeenCalledTimes(1);
    handOvers.mockRestore();
    splitting.destroy();
  });

  it('keeps working on one thread after destroy()', () => {
    const backend = createCpuBackend({ registry, threads: 2, parallelThreshold: 1024 });
    const input = Float32Array.from(normalSamples(10_001, 12, 3));
    const before = Array.from(backend.forward('elu', input));
    backend.destroy();
    expect(Array.from(backend.forward('elu', input))).toEqual(before);
  });

  it('reads the saved output across threads, in the backend memory or staged from outside it', () => {
    const input = Float32Array.from(normalSamples(100_003, 8, 3));
    const grad = Float32Array.from(normalSamples(100_003, 9));
    const output = single.forward('elu', input);
    const expected = Array.from(single.backward('elu', input, grad, {}, { output }).gradInput);
    expect(Array.from(parallel.backward('elu', input, grad, {}, { output }).gradInput)).toEqual(expected);
    const resident = parallel.allocate(output.length);
    resident.set(output);
    expect(Array.from(parallel.backward('elu', input, grad, {}, { output: resident }).gradInput)).toEqual(expected);
    parallel.free(resident);
  });

  it('reduces per-channel parameter gradients across threads', () => {
    const shape = [3, 4, 10_001];
    const length = 3 * 4 * 10_001;
    const input = Float32Array.from(normalSamples(length, 6, 2));
    const grad = Float32Array.from(normalSamples(length, 7));
    const alpha = Float32Array.of(0.1, 0.2, 0.3, 0.4);
    const result = parallel.backward('prelu', input, grad, { alpha }, { shape });
    const expected = referenceBackward(registry.get('prelu'), input, grad, { alpha }, { shape, float32Uniforms: true });
    expect(result.gradParams['alpha']).toBeInstanceOf(Float32Array);
    Array.from(expected.gradParams['alpha'] as Float64Array).forEach((value, channel) => {
      expect((result.gradParams['alpha'] as Float32Array)[channel]).toBeCloseTo(value, 2);
    });
    expect(Array.from(result.gradInput)).toEqual(Array.from(single.backward('prelu', input, grad, { alpha }, { shape }).gradInput));
  });
});

describe('caller buffers', () => {
  const backend = createCpuBackend({ registry, threads: 1 });

  it('writes into out, or over the input with inPlace, for arrays outside the backend memory', () => {
    const input = Float32Array.of(-2, -1, 0, 1, 2, 3);
    const expected = Float32Array.from(referenceForward(registry.get('leaky_relu'), input, { alpha: 0.5 }, { float32Uniforms: true }));
    const out = new Float32Array(6);
    expect(backend.forward('leaky_relu', input, { alpha: 0.5 }, { out })).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(expected));
    expect(backend.forward('leaky_relu', input, { alpha: 0.5 }, { inPlace: true })).toBe(input);
    expect(Array.from(input)).toEqual(Array.from(expected));
  });
});

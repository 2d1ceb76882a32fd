import type { RectifyErrorCode } from '@rectify/activation-core';
import { isRectifyError } from '@rectify/activation-core';
import { describe, expect, it } from 'vitest';
import { testBackend } from './testing/node-gpu.js';

async function expectCode(action: () => unknown, code: RectifyErrorCode, message?: RegExp): Promise<void> {
  let caught: unknown;
  try {
    await action();
  } catch (error) {
    caught = error;
  }
  expect(isRectifyError(caught, code), `expected ${code}, got ${String(caught)}`).toBe(true);
  if (message !== undefined) expect(String(caught)).toMatch(message);
}

const backend = await testBackend();
const other = await testBackend();

describe.runIf(backend !== undefined && other !== undefined)('bad input is refused with a typed error (webgpu)', () => {
  if (backend === undefined || other === undefined) return;
  const input = Float32Array.of(-1, 2, -3, 4);
  const untouched = (): Float32Array => new Float32Array(8).fill(7);

  it('unknown activation id, with a suggestion', async () => {
    await expectCode(() => backend.forward('leaky_rellu', input), 'UNKNOWN_ACTIVATION', /leaky_relu/);
  });

  it('input that is not a Float32Array', async () => {
    // @ts-expect-error: a plain array is not a Float32Array
    await expectCode(() => backend.forward('relu', [1, 2]), 'INVALID_DTYPE', /Array/);
    // @ts-expect-error: float64 data is refused rather than silently converted
    await expectCode(() => backend.forward('relu', new Float64Array(4)), 'INVALID_DTYPE', /Float64Array/);
  });

  it('out too short, and nothing written to it', async () => {
    const out = new Float32Array(3).fill(7);
    await expectCode(() => backend.forward('relu', input, {}, { out }), 'SHAPE_MISMATCH', /3 elements/);
    expect(Array.from(out)).toEqual([7, 7, 7]);
  });

  it('gradOutput of another length, and nothing written to out', async () => {
    const out = untouched();
    await expectCode(() => backend.backward('relu', input, new Float32Array(3), {}, { out }), 'SHAPE_MISMATCH', /gradOutput/);
    expect(out.every((value) => value === 7)).toBe(true);
  });

  it('a saved output of another length or dtype, or sharing memory with the other arrays, and nothing written to out', async () => {
    const out = untouched();
    const grad = Float32Array.of(1, 1, 1, 1);
    await expectCode(() => backend.backward('elu', input, grad, {}, { out, output: new Float32Array(3) }), 'SHAPE_MISMATCH', /output has 3/);
    // @ts-expect-error: float64 data is refused rather than silently converted
    await expectCode(() => backend.backward('elu', input, grad, {}, { out, output: new Float64Array(4) }), 'INVALID_DTYPE', /output.*Float64Array/);
    const shared = new Float32Array(8);
    await expectCode(() => backend.backward('elu', shared.subarray(0, 4), grad, {}, { out, output: shared.subarray(2, 6) }), 'INVALID_OPTION', /share memory with input/);
    await expectCode(() => backend.backward('elu', input, grad, {}, { inPlace: true, output: grad }), 'INVALID_OPTION', /share memory with gradOutput/);
    await expectCode(() => backend.backward('elu', input, grad, {}, { out: shared.subarray(3, 7), output: shared.subarray(0, 4) }), 'INVALID_OPTION', /share memory with the gradient destination/);
    expect(out.every((value) => value === 7)).toBe(true);
  });

  it('per-channel parameter whose length is not the channel count', async () => {
    const out = untouched();
    await expectCode(() => backend.forward('prelu', input, { alpha: Float32Array.of(0.1, 0.2, 0.3) }, { shape: [2, 2], out }), 'PARAM_LENGTH_MISMATCH', /3 values.*2 channels/);
    expect(out.every((value) => value === 7)).toBe(true);
  });

  it('shape that does not match the length', async () => {
    await expectCode(() => backend.forward('relu', input, {}, { shape: [3, 2] }), 'SHAPE_MISMATCH', /6 elements.*4/);
  });

  it('inPlace together with out, and the input left alone', async () => {
    const data = Float32Array.from(input);
    await expectCode(() => backend.forward('relu', data, {}, { inPlace: true, out: untouched() }), 'INVALID_OPTION', /inPlace or out/);
    expect(Array.from(data)).toEqual(Array.from(input));
  });

  it('parameters out of range, of the wrong type, or unknown', async () => {
    await expectCode(() => backend.forward('celu', input, { alpha: 0 }), 'PARAM_OUT_OF_RANGE');
    await expectCode(() => backend.forward('leaky_relu', input, { alpha: 'steep' } as never), 'INVALID_PARAM_TYPE');
    await expectCode(() => backend.forward('leaky_relu', input, { alhpa: 0.1 } as never), 'UNKNOWN_PARAMETER', /alpha/);
    await expectCode(() => backend.forward('leaky_relu', input, { alpha: Number.NaN }), 'NON_FINITE_VALUE');
  });

  it('a non-integer seed', async () => {
    await expectCode(() => backend.forward('rrelu', input, {}, { training: true, seed: 0.5 }), 'INVALID_OPTION');
  });

  it('paramGradients that is not a boolean, on arrays and tensors, and nothing written to out', async () => {
    const out = untouched();
    await expectCode(() => backend.backward('prelu', input, input, {}, { out, paramGradients: 1 as never }), 'INVALID_OPTION', /paramGradients must be a boolean, got 1/);
    expect(out.every((value) => value === 7)).toBe(true);
    const x = backend.upload(input);
    const before = backend.poolStats.liveBuffers;
    await expectCode(() => backend.backwardTensor('prelu', x, x, {}, { paramGradients: 'no' as never }), 'INVALID_OPTION', /paramGradients must be a boolean/);
    expect(() => backend.activationBackward(x, x, { id: 'prelu', paramGradients: 0 as never })).toThrow(/paramGradients must be a boolean, got 0/);
    expect(backend.poolStats.liveBuffers).toBe(before);
    backend.dispose(x);
  });

  it('a disposed tensor', async () => {
    const tensor = backend.upload(input);
    backend.dispose(tensor);
    expect(tensor.disposed).toBe(true);
    await expectCode(() => backend.read(tensor), 'INVALID_OPTION', /disposed/);
    await expectCode(() => backend.forwardTensor('relu', tensor), 'INVALID_OPTION', /disposed/);
    await expectCode(() => { backend.dispose(tensor); }, 'INVALID_OPTION', /disposed/);
  });

  it('a tensor from another backend (another device), or not a tensor', async () => {
    const foreign = other.upload(input);
    await expectCode(() => backend.forwardTensor('relu', foreign), 'INVALID_OPTION', /another WebGPU backend/);
    await expectCode(() => backend.read(foreign), 'INVALID_OPTION', /another WebGPU backend/);
    await expectCode(() => backend.forwardTensor('relu', input as never), 'INVALID_DTYPE', /WebGPUTensor/);
    other.dispose(foreign);
  });

  it('gradOutput tensor of another length', async () => {
    const a = backend.upload(input);
    const b = backend.upload(new Float32Array(3));
    await expectCode(() => backend.backwardTensor('relu', a, b), 'SHAPE_MISMATCH', /gradOutput/);
    backend.dispose(a);
    backend.dispose(b);
  });

  it('a saved output tensor of another length, of another backend, disposed, or not a tensor', async () => {
    const x = backend.upload(input);
    const g = backend.upload(input);
    const short = backend.upload(new Float32Array(3));
    const foreign = other.upload(input);
    const disposed = backend.upload(input);
    backend.dispose(disposed);
    await expectCode(() => backend.backwardTensor('elu', x, g, {}, { output: short }), 'SHAPE_MISMATCH', /output has 3 elements but the input has 4/);
    await expectCode(() => backend.backwardTensor('elu', x, g, {}, { output: foreign }), 'INVALID_OPTION', /output belongs to another WebGPU backend/);
    await expectCode(() => backend.backwardTensor('elu', x, g, {}, { output: disposed }), 'INVALID_OPTION', /output was disposed/);
    await expectCode(() => backend.backwardTensor('elu', x, g, {}, { output: input as never }), 'INVALID_DTYPE', /output must be a WebGPUTensor/);
    [x, g, short].forEach((tensor) => { backend.dispose(tensor); });
    other.dispose(foreign);
  });

  it('an input larger than one storage binding, naming the limit', async () => {
    const tooLarge = new Float32Array(backend.maxElements + 4);
    await expectCode(() => backend.forward('relu', tooLarge), 'SHAPE_MISMATCH', /maxStorageBufferBindingSize/);
    await expectCode(() => backend.upload(tooLarge), 'SHAPE_MISMATCH', /maxStorageBufferBindingSize/);
  });

  it('calls and reads after destroy()', async () => {
    const doomed = await testBackend();
    if (doomed === undefined) return;
    const tensor = doomed.upload(input);
    doomed.destroy();
    await expectCode(() => doomed.read(tensor), 'INVALID_OPTION', /destroyed/);
    await expectCode(() => doomed.forward('relu', input), 'INVALID_OPTION', /destroyed/);
    expect(() => doomed.upload(input)).toThrow(/destroyed/);
  });
});

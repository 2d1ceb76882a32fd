import { describe, expect, it } from 'vitest';
import type { CpuBackend } from './index.js';
import { createCpuBackend } from './index.js';
import { expectCode } from './testing/expect-code.js';

describe.each(['wasm-simd', 'interpreter'] as const)('bad input is refused with a typed error (%s)', (engine) => {
  const backend: CpuBackend = createCpuBackend({ engine, threads: 1 });
  const input = Float32Array.of(-1, 2, -3, 4);
  const untouched = (): Float32Array => new Float32Array(8).fill(7);

  it('unknown activation id, with a suggestion', () => {
    expectCode(() => backend.forward('leaky_rellu', input), 'UNKNOWN_ACTIVATION', /leaky_relu/);
  });

  it('input that is not a Float32Array', () => {
    // @ts-expect-error: a plain array is not a Float32Array
    expectCode(() => backend.forward('relu', [1, 2]), 'INVALID_DTYPE', /Array/);
    // @ts-expect-error: float64 data is refused rather than silently converted
    expectCode(() => backend.forward('relu', new Float64Array(4)), 'INVALID_DTYPE', /Float64Array/);
  });

  it('out too short, and nothing written to it', () => {
    const out = new Float32Array(3).fill(7);
    expectCode(() => backend.forward('relu', input, {}, { out }), 'SHAPE_MISMATCH', /3 elements/);
    expect(Array.from(out)).toEqual([7, 7, 7]);
  });

  it('gradOutput of another length, and nothing written to out', () => {
    const out = untouched();
    expectCode(() => backend.backward('relu', input, new Float32Array(3), {}, { out }), 'SHAPE_MISMATCH', /gradOutput/);
    expect(out.every((value) => value === 7)).toBe(true);
  });

  it('a saved output of another length or dtype, or sharing memory with the other arrays, and nothing written to out', () => {
    const out = untouched();
    const grad = Float32Array.of(1, 1, 1, 1);
    expectCode(() => backend.backward('elu', input, grad, {}, { out, output: new Float32Array(3) }), 'SHAPE_MISMATCH', /output has 3/);
    // @ts-expect-error: float64 data is refused rather than silently converted
    expectCode(() => backend.backward('elu', input, grad, {}, { out, output: new Float64Array(4) }), 'INVALID_DTYPE', /output.*Float64Array/);
    const shared = new Float32Array(8);
    expectCode(() => backend.backward('elu', shared.subarray(0, 4), grad, {}, { out, output: shared.subarray(2, 6) }), 'INVALID_OPTION', /share memory with input/);
    expectCode(() => backend.backward('elu', input, grad, {}, { inPlace: true, output: grad }), 'INVALID_OPTION', /share memory with gradOutput/);
    expectCode(() => backend.backward('elu', input, grad, {}, { out: shared.subarray(3, 7), output: shared.subarray(0, 4) }), 'INVALID_OPTION', /share memory with the gradient destination/);
    expect(out.every((value) => value === 7)).toBe(true);
  });

  it('per-channel parameter whose length is not the channel count', () => {
    const out = untouched();
    expectCode(() => backend.forward('prelu', input, { alpha: Float32Array.of(0.1, 0.2, 0.3) }, { shape: [2, 2], out }), 'PARAM_LENGTH_MISMATCH', /3 values.*2 channels/);
    expect(out.every((value) => value === 7)).toBe(true);
  });

  it('shape that does not match the length', () => {
    expectCode(() => backend.forward('relu', input, {}, { shape: [3, 2] }), 'SHAPE_MISMATCH', /6 elements.*4/);
  });

  it('inPlace together with out, and the input left alone', () => {
    const data = Float32Array.from(input);
    expectCode(() => backend.forward('relu', data, {}, { inPlace: true, out: untouched() }), 'INVALID_OPTION', /inPlace or out/);
    expect(Array.from(data)).toEqual(Array.from(input));
  });

  it('parameters out of range, of the wrong type, or unknown', () => {
    expectCode(() => backend.forward('celu', input, { alpha: 0 }), 'PARAM_OUT_OF_RANGE');
    expectCode(() => backend.forward('leaky_relu', input, { alpha: 'steep' } as never), 'INVALID_PARAM_TYPE');
    expectCode(() => backend.forward('leaky_relu', input, { alhpa: 0.1 } as never), 'UNKNOWN_PARAMETER', /alpha/);
    expectCode(() => backend.forward('leaky_relu', input, { alpha: Number.NaN }), 'NON_FINITE_VALUE');
  });

  it('a non-integer seed', () => {
    expectCode(() => backend.forward('rrelu', input, {}, { training: true, seed: 0.5 }), 'INVALID_OPTION');
  });

  it('paramGradients that is not a boolean, and nothing written to out', () => {
    const out = untouched();
    expectCode(() => backend.backward('prelu', input, input, {}, { out, paramGradients: 'no' as never }), 'INVALID_OPTION', /paramGradients must be a boolean, got "no"/);
    expect(out.every((value) => value === 7)).toBe(true);
    const x = backend.tensor(input, [4]);
    const live = backend.trainingStats.liveTensors;
    expectCode(() => backend.activationBackward(x, x, { id: 'prelu', paramGradients: 0 as never }), 'INVALID_OPTION', /paramGradients must be a boolean, got 0/);
    expect(backend.trainingStats.liveTensors).toBe(live);
    backend.dispose(x);
  });
});

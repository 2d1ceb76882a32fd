import { builtinActivations, createRegistry, referenceBackward, referenceForward } from '@rectify/activation-core';
import { normalSamples } from '@rectify/activation-core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createCpuBackend } from './index.js';

const registry = createRegistry({ activations: builtinActivations });
const prelu = registry.get('prelu');

/** Shapes whose channel blocks are short (channels last, small spatial sizes), with tails of 0 to 3 lanes. */
const shapes: readonly (readonly number[])[] = [
  [37, 64],
  [101, 2],
  [57, 3],
  [23, 5],
  [9, 5, 3, 5],
  [4, 7, 2, 9],
];

const slopes = (channels: number): Float32Array => Float32Array.from({ length: channels }, (_, c) => 0.05 + 0.11 * c);
const sizeOf = (shape: readonly number[]): number => shape.reduce((total, size) => total * size, 1);

describe('per-channel parameters in short channel blocks', () => {
  const single = createCpuBackend({ registry, threads: 1 });
  const parallel = createCpuBackend({ registry, threads: 2, parallelThreshold: 64 });
  afterAll(() => { parallel.destroy(); });

  it('forward is exact against the float64 reference for every shape, on one thread and two', () => {
    shapes.forEach((shape, index) => {
      const input = Float32Array.from(normalSamples(sizeOf(shape), 40 + index, 2));
      const alpha = slopes(shape[1] ?? 1);
      const expected = Array.from(Float32Array.from(referenceForward(prelu, input, { alpha }, { shape, float32Uniforms: true })));
      expect(Array.from(single.forward('prelu', input, { alpha }, { shape }))).toEqual(expected);
      expect(Array.from(parallel.forward('prelu', input, { alpha }, { shape }))).toEqual(expected);
    });
  });

  it('backward gives exact input gradients and per-channel slope gradients within 1e-6 of the reference', () => {
    shapes.forEach((shape, index) => {
      const input = Float32Array.from(normalSamples(sizeOf(shape), 60 + index, 2));
      const grad = Float32Array.from(normalSamples(sizeOf(shape), 80 + index));
      const alpha = slopes(shape[1] ?? 1);
      const expected = referenceBackward(prelu, input, grad, { alpha }, { shape, float32Uniforms: true });
      for (const backend of [single, parallel]) {
        const result = backend.backward('prelu', input, grad, { alpha }, { shape });
        expect(Array.from(result.gradInput)).toEqual(Array.from(Float32Array.from(expected.gradInput)));
        const expectedSlopes = expected.gradParams['alpha'];
        const slopesGot = result.gradParams['alpha'];
        if (typeof expectedSlopes === 'number' || typeof slopesGot === 'number' || expectedSlopes === undefined || slopesGot === undefined) throw new Error('expected per-channel gradients');
        expect(slopesGot.length).toBe(shape[1]);
        expectedSlopes.forEach((value, channel) => {
          expect(Math.abs((slopesGot[channel] ?? Number.NaN) - value)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(value)));
        });
      }
    });
  });

  it('agrees with the channel-block walk of the same data laid out channel-first', () => {
    // [rows, channels] with stride 1 against the transposed [1, channels, rows] with long blocks.
    const rows = 513;
    const channels = 6;
    const input = Float32Array.from(normalSamples(rows * channels, 90, 2));
    const transposed = new Float32Array(input.length);
    for (let r = 0; r < rows; r++) for (let c = 0; c < channels; c++) transposed[c * rows + r] = input[r * channels + c] ?? 0;
    const alpha = slopes(channels);
    const channelsLast = single.forward('prelu', input, { alpha }, { shape: [rows, channels] });
    const channelsFirst = single.forward('prelu', transposed, { alpha }, { shape: [1, channels, rows] });
    for (let r = 0; r < rows; r++) for (let c = 0; c < channels; c++) expect(channelsLast[r * channels + c]).toBe(channelsFirst[c * rows + r]);
  });
});

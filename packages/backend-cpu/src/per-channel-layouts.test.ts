import { builtinActivations, createRegistry, referenceBackward, referenceForward } from '@rectify/activation-core';
import { normalSamples } from '@rectify/activation-core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createCpuBackend } from './index.js';

const registry = createRegistry({ activations: builtinActivations });
const prelu = registry.get('prelu');

/**
 * Shapes whose channel blocks are short (channels last, small spatial sizes), with tails of 0 to 3
 * lanes; the last two long enough for the kernel to fold its float32 gradient tables into float64
 * ones during the call (every 1,024 vectors for a period of 64; every 16 periods for one of 6,300).
 */
const shapes: readonly (readonly number[])[] = [
  [37, 64],
  [101, 2],
  [57, 3],
  [23, 5],
  [9, 5, 3, 5],
  [4, 7, 2, 9],
  [301, 64],
  [41, 100, 63],
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

  /**
   * Sum over each channel's elements of |contribution| = |grad * min(x, 0)|. Float32 partial sums
   * of at most 1,024 terms each (the block walk's; the periodic tables hold at most 256), then
   * float64 ones, stay within 2^-14 of it from the exact sum.
   */
  const contributionMagnitudes = (input: Float32Array, grad: Float32Array, shape: readonly number[]): Float64Array => {
    const channels = shape[1] ?? 1;
    const stride = sizeOf(shape.slice(2));
    const sums = new Float64Array(channels);
    input.forEach((x, i) => {
      const channel = Math.floor(i / stride) % channels;
      sums[channel] = (sums[channel] ?? 0) + Math.abs((grad[i] ?? 0) * Math.min(x, 0));
    });
    return sums;
  };

  it('backward gives exact input gradients and per-channel slope gradients within float32 summation error of the reference', () => {
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
        const magnitudes = contributionMagnitudes(input, grad, shape);
        expectedSlopes.forEach((value, channel) => {
          const bound = 2 ** -14 * (magnitudes[channel] ?? 0) + 2 ** -24 * Math.abs(value);
          expect(Math.abs((slopesGot[channel] ?? Number.NaN) - value)).toBeLessThanOrEqual(bound);
        });
      }
    });
  });

  it('returns slope gradients of its own: later calls, with more channels or other data, leave them as they were', () => {
    // The kernels' slot values and sums live in buffers reused from call to call.
    const backend = createCpuBackend({ registry, threads: 1 });
    const call = (shape: readonly number[], seed: number): Float32Array => {
      const input = Float32Array.from(normalSamples(sizeOf(shape), seed, 2));
      const grad = Float32Array.from(normalSamples(sizeOf(shape), seed + 1));
      const slopesGot = backend.backward('prelu', input, grad, { alpha: slopes(shape[1] ?? 1) }, { shape }).gradParams['alpha'];
      if (!(slopesGot instanceof Float32Array)) throw new Error('expected per-channel gradients');
      return slopesGot;
    };
    for (const shape of [[40, 3], [2, 3, 100]]) {
      const first = call(shape, 1);
      const kept = Array.from(first);
      expect(Array.from(call([7, 300], 3))).not.toEqual(kept.slice(0, 3));
      expect(Array.from(call(shape, 5))).not.toEqual(kept);
      expect(Array.from(first)).toEqual(kept);
      expect(Array.from(call(shape, 1))).toEqual(kept);
    }
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

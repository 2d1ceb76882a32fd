/**
 * PReLU with one slope per channel in two layouts of the same data: channels last ([rows, 64], the
 * output of a dense layer, blocks of one element) and channels first ([1, 64, rows], long blocks),
 * forward and backward (with the slopes' gradients, and the input gradient alone), against the copy
 * ceiling. One thread, buffers from allocate() (no staging copies), medians.
 *
 *   pnpm bench:per-channel
 */
import { createCpuBackend } from '../src/index.js';
import { fullMeasure, measureSync } from './measure.js';

const channels = 64;
/**
 * Median seconds per call of `run`, from a second measurement: the first warms up the JIT, which on
 * two cores otherwise competes with the first case's timing (1.5-4.3 µs against 0.9 at 1,024).
 */
const secondsPerCall = (run: () => void): number => {
  const runner = { kind: 'sync', run, dispose: () => undefined } as const;
  measureSync(runner, fullMeasure);
  return measureSync(runner, fullMeasure).secondsPerCall;
};
const backend = createCpuBackend({ threads: 1 });
const alpha = Float32Array.from({ length: channels }, (_, c) => 0.25 + 0.01 * (c % 7));

console.log('| elements | layout | direction | µs per call | GB/s | x copy |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const size of [1024, 1 << 20, 1 << 24]) {
  const input = backend.allocate(size);
  const grad = backend.allocate(size);
  const out = backend.allocate(size);
  for (let i = 0; i < size; i++) {
    input[i] = Math.sin(i * 12.9898) * 2;
    grad[i] = Math.cos(i * 4.1414);
  }
  const copy = secondsPerCall(() => { out.set(input); });
  const copyRate = (8 * size) / copy;
  const layouts = { 'channels last': [size / channels, channels], 'channels first': [1, channels, size / channels] };
  for (const [name, shape] of Object.entries(layouts)) {
    const cases = {
      forward: { bytes: 8, run: () => { backend.forward('prelu', input, { alpha }, { out, shape }); } },
      backward: { bytes: 12, run: () => { backend.backward('prelu', input, grad, { alpha }, { out, shape }); } },
      'backward, dx alone': { bytes: 12, run: () => { backend.backward('prelu', input, grad, { alpha }, { out, shape, paramGradients: false }); } },
    };
    for (const [direction, { bytes, run }] of Object.entries(cases)) {
      const seconds = secondsPerCall(run);
      const rate = (bytes * size) / seconds;
      console.log(`| ${size} | ${name} | ${direction} | ${(seconds * 1e6).toFixed(2)} | ${(rate / 1e9).toFixed(2)} | ${(rate / copyRate).toFixed(2)} |`);
    }
  }
  for (const buffer of [input, grad, out]) backend.free(buffer);
}
backend.destroy();

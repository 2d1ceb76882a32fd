import { RectifyError } from '@rectify/activation-core';

/** The largest `vectorsPerInvocation` accepted. */
const maxVectorsPerInvocation = 8;

/**
 * Vectors each invocation of an element-wise kernel computes when the caller does not say, from the
 * adapter's text (adapterText). Mesa's llvmpipe runs invocations as lanes of the CPU's vector
 * registers, and its cost per invocation is large enough that two consecutive vec4s per invocation
 * ran 1.00-1.20 x as fast as one (median 1.08 over 12 forward kernels and relu's and elu's backward
 * at 2^24 elements; four: 0.91-1.21, slower than two for GELU and tanh, whose values then no longer
 * fit in registers). SwiftShader ran slower with two or four (relu 0.80 and 0.96 x), and on hardware
 * GPUs one vector per invocation keeps neighbouring invocations on neighbouring memory. Adapters
 * that report nothing get 1.
 */
export function defaultVectorsPerInvocation(adapter: string): number {
  return /\bllvmpipe\b/.test(adapter) ? 2 : 1;
}

/** The option's value, checked: a power of two from 1 to 8. */
export function checkVectorsPerInvocation(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > maxVectorsPerInvocation || (value & (value - 1)) !== 0) {
    throw new RectifyError('INVALID_OPTION', `vectorsPerInvocation must be 1, 2, 4 or 8, got ${String(value)}.`);
  }
  return value;
}

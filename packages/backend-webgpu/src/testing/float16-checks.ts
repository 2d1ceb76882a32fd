/**
 * Float16 tensors against the CPU backend, for the Node test and the Chromium page: every registered
 * activation on f16 tensors must give the CPU's float32 result for the widened input, rounded to a
 * half once on the host. Piecewise-linear ones must match bit for bit; the others may land on the
 * neighbouring half, since the two backends' float32 results differ by a few float32 ulps.
 */
import type { Backend, Registry } from '@rectify/activation-core';
import { isExactInFloat32 } from '@rectify/activation-core/testing';
import type { WebGPUBackend } from '../index.js';
import { float16Bits, float32FromFloat16 } from '../float16.js';

/** Random values over [-12, 12], tiny ones (half denormals and below), large ones, and the specials. */
export function float16Inputs(length: number, seed: number): Float32Array {
  let state = seed;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const specials = [0, -0, Infinity, -Infinity, Number.NaN, 65504, -65504, 70000, 2 ** -24, -(2 ** -24), 2 ** -14, 1e-9];
  return Float32Array.from({ length }, (_, k) => {
    const kind = k % 8;
    if (kind === 0) return specials[(k >> 3) % specials.length] ?? 0;
    if (kind === 1) return (next() - 0.5) * 2 ** -12;
    if (kind === 2) return (next() - 0.5) * 1e5;
    return (next() - 0.5) * 24;
  });
}

/** The values as a float16 tensor holds them. */
export const widenedHalves = (values: Float32Array): Float32Array => float32FromFloat16(float16Bits(values));

/** Halves ordered as integers, both zeros at 0. */
const halfKey = (bits: number): number => ((bits & 0x8000) !== 0 ? -(bits & 0x7fff) : bits);
const isHalfNaN = (bits: number): boolean => (bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0;

/** Largest distance in float16 steps between the halves of two results (Infinity where only one is NaN). */
export function halfDistance(got: Float32Array, want: Float32Array): number {
  const a = float16Bits(got);
  const b = float16Bits(want);
  let worst = 0;
  a.forEach((bits, k) => {
    const other = b[k] ?? 0;
    if (isHalfNaN(bits) || isHalfNaN(other)) worst = isHalfNaN(bits) === isHalfNaN(other) ? worst : Infinity;
    else worst = Math.max(worst, Math.abs(halfKey(bits) - halfKey(other)));
  });
  return worst;
}

export interface Float16Outcome {
  /** Activation calls compared. */
  readonly checked: number;
  readonly failures: readonly string[];
}

/**
 * Every registered activation forward on float16 tensors, and leaky_relu at slopes whose products
 * fall between halves, past 65,504 and among the half denormals, so that the kernel's rounding is
 * compared with the host's.
 */
export async function checkFloat16Tensors(backend: WebGPUBackend, cpu: Backend, registry: Registry): Promise<Float16Outcome> {
  const data = float16Inputs(4099, 7);
  const widened = widenedHalves(data);
  const failures: string[] = [];
  let checked = 0;
  const compare = async (id: string, params: Record<string, number>, bound: number): Promise<void> => {
    const tensor = backend.upload(data, undefined, { dtype: 'float16' });
    const output = await backend.forwardTensor(id, tensor, params);
    const distance = halfDistance(await backend.read(output), await cpu.forward(id, widened, params));
    if (output.dtype !== 'float16' || !(distance <= bound)) failures.push(`float16: ${id} ${JSON.stringify(params)} is ${distance} halves from the CPU's result (bound ${bound})`);
    backend.dispose(tensor);
    backend.dispose(output);
    checked++;
  };
  for (const definition of registry.list()) await compare(definition.id, {}, isExactInFloat32(definition) ? 0 : 1);
  for (const alpha of [1 / 3, 0.1, 1000, 2 ** -11 + 2 ** -20]) await compare('leaky_relu', { alpha }, 0);
  return { checked, failures };
}

import type { Registry } from '@rectify/activation-core';
import { referenceForward } from '@rectify/activation-core';
import type { WebGPUBackend } from '../create-backend.js';
import { ignoreBelow as flushedBelow } from './accuracy-bounds.js';

/** Float32 ulp distance; results both below `ignoreBelow` in magnitude count as equal. */
export function ulpDistance(a: number, b: number, ignoreBelow: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Number.POSITIVE_INFINITY;
  if (Math.abs(a) < ignoreBelow && Math.abs(b) < ignoreBelow) return 0;
  const bits = new Int32Array(new Float32Array([a, b]).buffer);
  const ordered = (value: number): number => (value < 0 ? -(value & 0x7fffffff) : value);
  return Math.abs(ordered(bits[0] ?? 0) - ordered(bits[1] ?? 0));
}

/** The dense grid over [-100, 100] that accuracy is measured on. */
export const accuracyGrid = (): Float32Array => Float32Array.from({ length: 200_001 }, (_, i) => -100 + i / 1000);

/** Largest ulp distance between `expected` (rounded to float32) and `actual`. */
export function worstUlps(expected: ArrayLike<number>, actual: ArrayLike<number>, ignoreBelow: number): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, ulpDistance(Math.fround(expected[i] ?? 0), actual[i] ?? 0, ignoreBelow));
  return worst;
}

/** Largest forward error in ulps per activation (default parameters) on the accuracy grid. */
export async function measureForwardUlps(backend: WebGPUBackend, registry: Registry, ignoreBelow = flushedBelow): Promise<Record<string, number>> {
  const input = accuracyGrid();
  const result: Record<string, number> = {};
  for (const definition of registry.list()) {
    const actual = await backend.forward(definition.id, input);
    result[definition.id] = worstUlps(referenceForward(definition, input, {}, { float32Uniforms: true }), actual, ignoreBelow);
  }
  return result;
}

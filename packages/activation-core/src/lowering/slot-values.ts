import type { ChannelLayout, ResolvedParams } from '../definition/resolve-params.js';
import type { NumNode } from '../ir/nodes.js';
import { evaluateExpression } from '../reference/evaluate-expression.js';
import type { SlotLayout } from './slot-layout.js';

/**
 * Hoisted values for one call, computed in float64 and rounded to float32 (as the reference does
 * with `float32Uniforms`): scalar slots first, then `channels` values per per-channel slot.
 */
export function slotValues(slots: SlotLayout, params: ResolvedParams, channels: number): Float32Array {
  const values = new Float32Array(slots.scalar.size + slots.perChannel.size * channels);
  const callEnvironment = { input: new Float64Array(1), params, training: false, seed: 0, float32Uniforms: true };
  for (const [node, slot] of slots.scalar) values[slot] = evaluateExpression(node, callEnvironment)[0] ?? Number.NaN;
  if (slots.perChannel.size > 0) {
    const layout: ChannelLayout = { channels, stride: 1 };
    const channelEnvironment = { input: new Float64Array(channels), params, layout, training: false, seed: 0, float32Uniforms: true };
    for (const [node, slot] of slots.perChannel) {
      values.set(evaluateExpression(node, channelEnvironment), slots.scalar.size + slot * channels);
    }
  }
  return values;
}

/** The float32 value of a literal hoisted value (no parameters involved). */
export function literalValue(node: NumNode): number {
  return evaluateExpression(node, { input: new Float64Array(1), params: {}, training: false, seed: 0, float32Uniforms: true })[0] ?? Number.NaN;
}

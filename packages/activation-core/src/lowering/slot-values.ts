import type { ResolvedParams } from '../definition/resolve-params.js';
import type { NumNode } from '../ir/nodes.js';
import { evaluateExpression } from '../reference/evaluate-expression.js';
import type { SlotLayout } from './slot-layout.js';

/** Floats the slot values of a call with `channels` channels take. */
export function slotValuesLength(slots: SlotLayout, channels: number): number {
  return slots.scalar.size + slots.perChannel.size * channels;
}

/**
 * Hoisted values for one call, computed in float64 and rounded to float32 (as the reference does
 * with `float32Uniforms`): scalar slots first, then `channels` values per per-channel slot.
 */
export function slotValues(slots: SlotLayout, params: ResolvedParams, channels: number): Float32Array {
  const values = new Float32Array(slotValuesLength(slots, channels));
  writeSlotValues(values, 0, slots, params, channels);
  return values;
}

/**
 * slotValues written into `target` from `offset` (slotValuesLength floats), for backends that keep
 * one buffer across calls instead of allocating per call.
 */
export function writeSlotValues(target: Float32Array, offset: number, slots: SlotLayout, params: ResolvedParams, channels: number): void {
  for (const [node, slot] of slots.scalar) {
    target[offset + slot] = leafValue(node, params) ?? evaluateExpression(node, { input: new Float64Array(1), params, training: false, seed: 0, float32Uniforms: true })[0] ?? Number.NaN;
  }
  for (const [node, slot] of slots.perChannel) {
    const param = node.op === 'param' ? params[node.name] : undefined;
    // A bare per-channel parameter (PReLU's slope) is copied: evaluating it would cost more than a small call's kernel.
    const column = param?.kind === 'channel' ? param.values : evaluateExpression(node, { input: new Float64Array(channels), params, layout: { channels, stride: 1 }, training: false, seed: 0, float32Uniforms: true });
    const start = offset + slots.scalar.size + slot * channels;
    if ((column instanceof Float32Array || column instanceof Float64Array) && column.length === channels) target.set(column, start);
    else for (let channel = 0; channel < channels; channel++) target[start + channel] = column[channel] ?? Number.NaN;
  }
}

/** The value of a constant or a scalar parameter without evaluating an expression; undefined otherwise. */
function leafValue(node: NumNode, params: ResolvedParams): number | undefined {
  if (node.op === 'const') return node.value;
  if (node.op !== 'param') return undefined;
  const param = params[node.name];
  return param?.kind === 'scalar' ? param.value : undefined;
}

/** The float32 value of a literal hoisted value (no parameters involved). */
export function literalValue(node: NumNode): number {
  return evaluateExpression(node, { input: new Float64Array(1), params: {}, training: false, seed: 0, float32Uniforms: true })[0] ?? Number.NaN;
}

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
  for (const [node, slot] of slots.scalar) {
    values[slot] = leafValue(node, params) ?? evaluateExpression(node, { input: new Float64Array(1), params, training: false, seed: 0, float32Uniforms: true })[0] ?? Number.NaN;
  }
  for (const [node, slot] of slots.perChannel) {
    const param = node.op === 'param' ? params[node.name] : undefined;
    // A bare per-channel parameter (PReLU's slope) is copied: evaluating it would cost more than a small call's kernel.
    const layout: ChannelLayout = { channels, stride: 1 };
    const column = param?.kind === 'channel' ? param.values : evaluateExpression(node, { input: new Float64Array(channels), params, layout, training: false, seed: 0, float32Uniforms: true });
    values.set(column, slots.scalar.size + slot * channels);
  }
  return values;
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

import type { NumNode } from '../ir/nodes.js';
import type { HoistPlan } from './hoist.js';

/**
 * Where a kernel finds its hoisted values: scalar slots first, then one run of `channels` floats per
 * per-channel slot. Literals (no parameters involved) are compiled in, already rounded to float32.
 */
export interface SlotLayout {
  readonly scalar: ReadonlyMap<NumNode, number>;
  readonly perChannel: ReadonlyMap<NumNode, number>;
  readonly literals: ReadonlyMap<NumNode, number>;
}

export function layoutSlots(plan: HoistPlan, literalValue: (node: NumNode) => number): SlotLayout {
  const scalar = new Map<NumNode, number>();
  const perChannel = new Map<NumNode, number>();
  const literals = new Map<NumNode, number>();
  for (const value of plan.hoisted) {
    if (value.literal) literals.set(value.node, Math.fround(literalValue(value.node)));
    else if (value.variation === 'call') scalar.set(value.node, scalar.size);
    else perChannel.set(value.node, perChannel.size);
  }
  return { scalar, perChannel, literals };
}

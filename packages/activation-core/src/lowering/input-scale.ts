import type { NumNode } from '../ir/nodes.js';

/**
 * c when `node` is c * x (either order) with a constant c, as its float64 value; else undefined.
 * Backends use it to form erf(c x) without rounding c x first: erf's argument is ill-conditioned.
 */
export function inputScale(node: NumNode): number | undefined {
  if (node.op !== 'mul') return undefined;
  const [a, b] = node.args;
  if (a.op === 'const' && b.op === 'input') return a.value;
  if (a.op === 'input' && b.op === 'const') return b.value;
  return undefined;
}

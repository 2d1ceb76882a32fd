import type { NumNode } from '@rectify/activation-core';
import { inputScale } from '@rectify/activation-core';

/**
 * a b when `node` is -(a x)(b x) for constants a and b, as the derivative of erf(c x) has it inside
 * exp(-(c x)^2); else undefined. Engines form such an exponent without rounding c x first, whose
 * error the exponential would multiply by (c x)^2.
 */
export function minusSquareScale(node: NumNode): number | undefined {
  if (node.op !== 'neg' || node.args[0].op !== 'mul') return undefined;
  const [a, b] = node.args[0].args.map(inputScale);
  return a === undefined || b === undefined ? undefined : a * b;
}

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

/**
 * a b when `node` is -(a x)(b x) for constants a and b, as the derivative of erf(c x) has it inside
 * exp(-(c x)^2); else undefined. Backends form such an exponent without rounding c x first, whose
 * error the exponential would multiply by (c x)^2.
 */
export function minusSquareScale(node: NumNode): number | undefined {
  if (node.op !== 'neg' || node.args[0].op !== 'mul') return undefined;
  const [a, b] = node.args[0].args.map(inputScale);
  return a === undefined || b === undefined ? undefined : a * b;
}

/**
 * Whether `value` is 1/2 up to float64 rounding, as the square of 1 / sqrt(2) is: backends form
 * erf(x / sqrt(2)) and exp(-(x / sqrt(2))^2) from x^2 / 2 where this holds.
 */
export function isOneHalf(value: number): boolean {
  return Math.abs(2 * value - 1) < 2 ** -40;
}

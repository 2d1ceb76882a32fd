import type { NumNode } from '../ir/nodes.js';

const isInput = (node: NumNode): boolean => node.op === 'input';

/** Whether `node` is x^3 as x (x x) or (x x) x. */
function isCube(node: NumNode): boolean {
  if (node.op !== 'mul') return false;
  const [a, b] = node.args;
  const isSquare = (n: NumNode): boolean => n.op === 'mul' && isInput(n.args[0]) && isInput(n.args[1]);
  return (isInput(a) && isSquare(b)) || (isSquare(a) && isInput(b));
}

/** k when `node` is k x^3 (either order) for a constant k. */
function cubeScale(node: NumNode): number | undefined {
  if (node.op !== 'mul') return undefined;
  const [a, b] = node.args;
  if (a.op === 'const' && isCube(b)) return a.value;
  if (b.op === 'const' && isCube(a)) return b.value;
  return undefined;
}

/** [1, k] when `node` is x + k x^3 (either order). */
function unitCubic(node: NumNode): readonly [number, number] | undefined {
  if (node.op !== 'add') return undefined;
  const [a, b] = node.args;
  const k = isInput(a) ? cubeScale(b) : isInput(b) ? cubeScale(a) : undefined;
  return k === undefined ? undefined : [1, k];
}

/**
 * [a1, a3] when `node` is a1 x + a3 x^3 written as x + k x^3 or c (x + k x^3), with the constants'
 * float64 values. Backends form such a cubic without rounding it to float32 where its rounding error
 * would be magnified (inside sigmoid or 1 + tanh, whose tails turn an absolute error in the argument
 * into the same relative error in the result).
 */
export function cubicCoefficients(node: NumNode): readonly [number, number] | undefined {
  if (node.op !== 'mul') return unitCubic(node);
  const [a, b] = node.args;
  const [c, inner] = a.op === 'const' ? [a.value, b] : b.op === 'const' ? [b.value, a] : [undefined, undefined];
  const unit = inner === undefined ? undefined : unitCubic(inner);
  return c === undefined || unit === undefined ? undefined : [c * unit[0], c * unit[1]];
}

/**
 * Whether the cubic b1 x + b3 x^3 keeps |x| bounded wherever sigmoid(b1 x + b3 x^3) is neither 0 nor
 * 1 in float32 (|b1| >= 2^-10 and b3 of the same sign or 0), so that backends can clamp x itself.
 */
export function isBoundedCubic(b1: number, b3: number): boolean {
  return Math.abs(b1) >= 2 ** -10 && b1 * b3 >= 0 && Number.isFinite(b1) && Number.isFinite(b3);
}

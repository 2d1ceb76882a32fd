import { RectifyError } from '../errors.js';
import type { BinaryOp, BoolNode, CompareOp, NumNode, UnaryOp } from './nodes.js';

/** Anything a builder accepts as a numeric operand: an expression or a finite number literal. */
export type Operand = NumNode | number;

export function constant(value: number): NumNode {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RectifyError('NON_FINITE_CONSTANT', `Constant ${String(value)} is not a finite number.`, { value });
  }
  return { op: 'const', value };
}

const toNode = (operand: Operand): NumNode => (typeof operand === 'number' ? constant(operand) : operand);

/** The activation's input. */
export const x: NumNode = { op: 'input' };
/** The activation's output, usable only in a derivative written in terms of the output. */
export const y: NumNode = { op: 'output' };
/** One draw from U[0, 1) per element in training mode; its mean 0.5 in evaluation mode. */
export const uniform = (): NumNode => ({ op: 'uniform' });
export const param = (name: string): NumNode => ({ op: 'param', name });

const unary = (op: UnaryOp) => (a: Operand): NumNode => ({ op, args: [toNode(a)] });
const binary = (op: BinaryOp) => (a: Operand, b: Operand): NumNode => ({ op, args: [toNode(a), toNode(b)] });
const compare = (op: CompareOp) => (a: Operand, b: Operand): BoolNode => ({ op, args: [toNode(a), toNode(b)] });

export const neg = unary('neg');
export const abs = unary('abs');
export const exp = unary('exp');
export const expm1 = unary('expm1');
export const log = unary('log');
export const log1p = unary('log1p');
export const sqrt = unary('sqrt');
export const tanh = unary('tanh');
export const sigmoid = unary('sigmoid');
export const erf = unary('erf');

export const add = binary('add');
export const sub = binary('sub');
export const mul = binary('mul');
export const div = binary('div');
/** NaN-propagating minimum. */
export const min = binary('min');
/** NaN-propagating maximum. */
export const max = binary('max');

export const gt = compare('gt');
export const ge = compare('ge');
export const lt = compare('lt');
export const le = compare('le');
export const eq = compare('eq');

/** `min(max(value, low), high)`, propagating NaN. */
export function clamp(value: Operand, low: Operand, high: Operand): NumNode {
  return { op: 'clamp', args: [toNode(value), toNode(low), toNode(high)] };
}

/** `whenTrue` where `condition` holds, else `whenFalse`; the other side is never blended in. */
export function select(condition: BoolNode, whenTrue: Operand, whenFalse: Operand): NumNode {
  return { op: 'select', cond: condition, args: [toNode(whenTrue), toNode(whenFalse)] };
}

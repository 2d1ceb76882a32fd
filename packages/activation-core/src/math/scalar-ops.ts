import type { BinaryOp, CompareOp, UnaryOp } from '../ir/nodes.js';
import { erf } from './erf.js';

/** The logistic function, evaluated without overflow on either side. */
export function sigmoid(value: number): number {
  if (value >= 0) return 1 / (1 + Math.exp(-value));
  const e = Math.exp(value);
  return e / (1 + e);
}

/** NaN-propagating maximum (Math.max already propagates NaN and orders -0 < +0). */
export const nanMax = (a: number, b: number): number => Math.max(a, b);
export const nanMin = (a: number, b: number): number => Math.min(a, b);

export function applyUnary(op: UnaryOp, value: number): number {
  switch (op) {
    case 'neg': return -value;
    case 'abs': return Math.abs(value);
    case 'exp': return Math.exp(value);
    case 'expm1': return Math.expm1(value);
    case 'log': return Math.log(value);
    case 'log1p': return Math.log1p(value);
    case 'sqrt': return Math.sqrt(value);
    case 'tanh': return Math.tanh(value);
    case 'sigmoid': return sigmoid(value);
    case 'erf': return erf(value);
  }
}

export function applyBinary(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case 'add': return a + b;
    case 'sub': return a - b;
    case 'mul': return a * b;
    case 'div': return a / b;
    case 'min': return nanMin(a, b);
    case 'max': return nanMax(a, b);
  }
}

export function applyCompare(op: CompareOp, a: number, b: number): boolean {
  switch (op) {
    case 'gt': return a > b;
    case 'ge': return a >= b;
    case 'lt': return a < b;
    case 'le': return a <= b;
    case 'eq': return a === b;
  }
}

export const applyClamp = (value: number, low: number, high: number): number => nanMin(nanMax(value, low), high);

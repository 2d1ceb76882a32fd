import type { ChannelLayout, ResolvedParams } from '../definition/resolve-params.js';
import { erfc } from '../math/erf.js';
import { seedKey, uniformAt } from '../math/counter-random.js';
import { applyBinary, applyClamp, applyCompare, applyUnary, sigmoid } from '../math/scalar-ops.js';
import type { BoolNode, NumNode } from '../ir/nodes.js';

/** Everything an expression can refer to, for n elements. */
export interface EvaluationEnvironment {
  readonly input: Float64Array;
  readonly output?: Float64Array;
  readonly params: ResolvedParams;
  readonly layout?: ChannelLayout;
  readonly training: boolean;
  readonly seed: number;
  /**
   * Round every element-independent value (constants, parameters and expressions of them only) to
   * float32, as float32 backends do when they hoist those values out of the loop.
   */
  readonly float32Uniforms: boolean;
}

/** A value for every element, or one value shared by all (element-independent). */
type Column = Float64Array | number;

const map = (a: Column, n: number, f: (v: number) => number): Column => {
  if (typeof a === 'number') return f(a);
  const result = new Float64Array(n);
  for (let i = 0; i < n; i++) result[i] = f(a[i] ?? 0);
  return result;
};

const map2 = (a: Column, b: Column, n: number, f: (u: number, v: number) => number): Column => {
  if (typeof a === 'number' && typeof b === 'number') return f(a, b);
  const result = new Float64Array(n);
  for (let i = 0; i < n; i++) result[i] = f(typeof a === 'number' ? a : (a[i] ?? 0), typeof b === 'number' ? b : (b[i] ?? 0));
  return result;
};

const at = (column: Column, index: number): number => (typeof column === 'number' ? column : (column[index] ?? 0));

/**
 * Column-at-a-time float64 evaluation: the oracle. Expressions prone to cancellation in float64 are
 * evaluated in a stable form: 1 + erf(t) as erfc(-t), 1 - erf(t) as erfc(t), 1 + tanh(t) as 2 sigmoid(2t).
 */
export function evaluateExpression(root: NumNode, environment: EvaluationEnvironment): Float64Array {
  const n = environment.input.length;
  const memo = new Map<NumNode, Column>();
  const varying = new Set<NumNode>();
  const key = seedKey(environment.seed);

  const round = (node: NumNode, value: Column): Column =>
    environment.float32Uniforms && !varying.has(node) ? map(value, n, Math.fround) : value;

  const paramColumn = (name: string): Column => {
    const param = environment.params[name];
    if (param === undefined) throw new Error(`evaluate: parameter ${name} was not resolved`);
    if (param.kind === 'scalar') return param.value;
    const { layout } = environment;
    if (layout === undefined) throw new Error(`evaluate: per-channel parameter ${name} needs a channel layout`);
    const result = new Float64Array(n);
    for (let i = 0; i < n; i++) result[i] = param.values[Math.floor(i / layout.stride) % layout.channels] ?? 0;
    return result;
  };

  const condition = (node: BoolNode): (index: number) => boolean => {
    const a = visit(node.args[0]);
    const b = visit(node.args[1]);
    return (index) => applyCompare(node.op, at(a, index), at(b, index));
  };

  /** 1 + sign * other, for the forms that cancel in float64: erf and tanh near ±1. */
  const stableOnePlus = (other: NumNode, sign: 1 | -1): Column | undefined => {
    if (other.op === 'neg') return stableOnePlus(other.args[0], sign === 1 ? -1 : 1);
    if (other.op === 'erf') return map(visit(other.args[0]), n, (t) => erfc(-sign * t));
    if (other.op === 'tanh') return map(visit(other.args[0]), n, (t) => 2 * sigmoid(2 * sign * t));
    return undefined;
  };

  const compute = (node: NumNode): Column => {
    switch (node.op) {
      case 'const':
        return node.value;
      case 'input':
        return environment.input;
      case 'output':
        if (environment.output === undefined) throw new Error('evaluate: the output y is not available here');
        return environment.output;
      case 'param':
        return paramColumn(node.name);
      case 'uniform':
        return environment.training ? Float64Array.from({ length: n }, (_, index) => uniformAt(key, index)) : 0.5;
      case 'clamp': {
        const [value, low, high] = node.args.map(visit) as [Column, Column, Column];
        return map2(map2(value, low, n, (v, lo) => applyClamp(v, lo, Number.POSITIVE_INFINITY)), high, n, (v, hi) => applyClamp(v, Number.NEGATIVE_INFINITY, hi));
      }
      case 'select': {
        const test = condition(node.cond);
        const whenTrue = visit(node.args[0]);
        const whenFalse = visit(node.args[1]);
        const result = new Float64Array(n);
        for (let i = 0; i < n; i++) result[i] = test(i) ? at(whenTrue, i) : at(whenFalse, i);
        return result;
      }
      case 'neg':
      case 'abs':
      case 'exp':
      case 'expm1':
      case 'log':
      case 'log1p':
      case 'sqrt':
      case 'tanh':
      case 'sigmoid':
      case 'erf': {
        const op = node.op;
        return map(visit(node.args[0]), n, (v) => applyUnary(op, v));
      }
      case 'add':
      case 'sub': {
        const [left, right] = node.args;
        const sign = node.op === 'add' ? 1 : -1;
        const stable =
          left.op === 'const' && left.value === 1 ? stableOnePlus(right, sign)
          : right.op === 'const' && right.value === 1 && node.op === 'add' ? stableOnePlus(left, 1)
          : undefined;
        if (stable !== undefined) return stable;
        const op = node.op;
        return map2(visit(left), visit(right), n, (a, b) => applyBinary(op, a, b));
      }
      case 'mul':
      case 'div':
      case 'min':
      case 'max': {
        const op = node.op;
        return map2(visit(node.args[0]), visit(node.args[1]), n, (a, b) => applyBinary(op, a, b));
      }
    }
  };

  const isVarying = (node: NumNode): boolean => {
    switch (node.op) {
      case 'input':
      case 'output':
        return true;
      case 'uniform':
        return environment.training;
      case 'select':
        return [node.cond.args[0], node.cond.args[1], ...node.args].some((child) => varying.has(child));
      case 'const':
      case 'param':
        return false;
      default:
        return node.args.some((child) => varying.has(child));
    }
  };

  function visit(node: NumNode): Column {
    const cached = memo.get(node);
    if (cached !== undefined) return cached;
    const value = compute(node);
    if (isVarying(node)) varying.add(node);
    const rounded = round(node, value);
    memo.set(node, rounded);
    return rounded;
  }

  const result = visit(root);
  return typeof result === 'number' ? new Float64Array(n).fill(result) : result === environment.input ? Float64Array.from(result) : result;
}

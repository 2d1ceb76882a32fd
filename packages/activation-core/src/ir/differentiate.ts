import { RectifyError } from '../errors.js';
import { add, div, exp, mul, neg, select, sub, le, ge, gt, lt, max, sqrt, sigmoid, constant } from './builders.js';
import type { NumNode } from './nodes.js';
import { simplify } from './simplify.js';

/** What to differentiate with respect to: the input `x` or one named parameter. */
export type DiffVariable = { readonly kind: 'input' } | { readonly kind: 'param'; readonly name: string };

const zero = constant(0);
const one = constant(1);
const twoOverSqrtPi = 2 / Math.sqrt(Math.PI);

/**
 * Symbolic derivative by the chain rule, then simplified. Conventions at kinks follow PyTorch:
 * - `max(a, b)` passes the gradient to `b` where `a <= b` (ties included) and to `a` otherwise,
 *   NaN included, so relu = max(x, 0) has relu'(0) = 0 and relu'(NaN) = 1, as `threshold_backward` does;
 * - `min(a, b)` passes it to `b` where `a >= b` and to `a` otherwise;
 * - `clamp(v, lo, hi)` differentiates as `min(max(v, lo), hi)`: zero at both bounds, 1 at NaN (hardtanh_backward);
 * - `abs'(0) = 0`; `select` differentiates each side; comparisons have no derivative.
 */
export function differentiate(root: NumNode, variable: DiffVariable): NumNode {
  const memo = new Map<NumNode, NumNode>();

  const d = (node: NumNode): NumNode => {
    const cached = memo.get(node);
    if (cached !== undefined) return cached;
    const result = rule(node);
    memo.set(node, result);
    return result;
  };

  const dMax = (a: NumNode, b: NumNode): NumNode => select(le(a, b), d(b), d(a));
  const dMin = (a: NumNode, b: NumNode): NumNode => select(ge(a, b), d(b), d(a));

  const rule = (node: NumNode): NumNode => {
    switch (node.op) {
      case 'const':
      case 'uniform':
        return zero;
      case 'input':
        return variable.kind === 'input' ? one : zero;
      case 'param':
        return variable.kind === 'param' && variable.name === node.name ? one : zero;
      case 'output':
        throw new RectifyError('UNDIFFERENTIABLE', 'An expression that refers to the output y cannot be differentiated.');
      case 'neg':
        return neg(d(node.args[0]));
      case 'abs': {
        const [a] = node.args;
        return select(gt(a, 0), d(a), select(lt(a, 0), neg(d(a)), zero));
      }
      case 'exp':
        return mul(node, d(node.args[0]));
      case 'expm1':
        return mul(exp(node.args[0]), d(node.args[0]));
      case 'log':
        return div(d(node.args[0]), node.args[0]);
      case 'log1p': {
        const [a] = node.args;
        // d log1p(e^b) = sigmoid(b) db, which stays finite where e^b overflows.
        if (a.op === 'exp') return mul(sigmoid(a.args[0]), d(a.args[0]));
        return div(d(a), add(1, a));
      }
      case 'sqrt':
        return div(d(node.args[0]), mul(2, sqrt(node.args[0])));
      // Written without 1 - tanh^2 and 1 - sigmoid, which cancel in float32 once the function saturates:
      // tanh' = 4 sigmoid(2a) sigmoid(-2a) and sigmoid' = sigmoid(a) sigmoid(-a) keep full relative accuracy.
      case 'tanh': {
        const [a] = node.args;
        return mul(mul(4, mul(sigmoid(mul(2, a)), sigmoid(mul(-2, a)))), d(a));
      }
      case 'sigmoid': {
        const [a] = node.args;
        return mul(mul(sigmoid(a), sigmoid(neg(a))), d(a));
      }
      case 'erf': {
        const [a] = node.args;
        return mul(mul(twoOverSqrtPi, exp(neg(mul(a, a)))), d(a));
      }
      case 'add':
        return add(d(node.args[0]), d(node.args[1]));
      case 'sub':
        return sub(d(node.args[0]), d(node.args[1]));
      case 'mul': {
        const [a, b] = node.args;
        return add(mul(d(a), b), mul(a, d(b)));
      }
      case 'div': {
        const [a, b] = node.args;
        return sub(div(d(a), b), div(mul(a, d(b)), mul(b, b)));
      }
      case 'max':
        return dMax(node.args[0], node.args[1]);
      case 'min':
        return dMin(node.args[0], node.args[1]);
      case 'clamp': {
        const [value, low, high] = node.args;
        const lowered = max(value, low);
        return select(ge(lowered, high), d(high), select(le(value, low), d(low), d(value)));
      }
      case 'select':
        return select(node.cond, d(node.args[0]), d(node.args[1]));
    }
  };

  return simplify(d(root), { assumeFinite: true });
}

/** A derivative that does not depend on the variable at all (identically zero after simplification). */
export function isIdenticallyZero(node: NumNode): boolean {
  return node.op === 'const' && node.value === 0;
}

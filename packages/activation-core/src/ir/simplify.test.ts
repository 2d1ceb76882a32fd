import { describe, it, expect } from 'vitest';
import { evaluateExpression } from '../reference/evaluate-expression.js';
import { add, clamp, constant, div, erf, exp, expm1, gt, lt, max, min, mul, neg, param, select, sqrt, sub, tanh, x } from './builders.js';
import type { Node, NumNode } from './nodes.js';
import { childrenOf } from './nodes.js';
import { printExpr } from './print.js';
import { simplify } from './simplify.js';

const specials = [-0, 0, 1, -2.5, 3, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e308, 5e-324];

function evaluate(node: NumNode, inputs: readonly number[] = specials): number[] {
  return Array.from(evaluateExpression(node, { input: Float64Array.from(inputs), params: {}, training: false, seed: 0, float32Uniforms: false }));
}

/** Distinguishes -0 from +0 and lets NaN meet NaN, i.e. Object.is equality as strings. */
const tag = (value: number): string => (Object.is(value, -0) ? '-0' : String(value));

const argsOf = (node: NumNode): readonly NumNode[] => ('args' in node ? node.args : []);

/** A structural key that keeps -0 apart from +0 (JSON.stringify would not). */
function keyOf(node: Node): string {
  if (node.op === 'const') return `c:${tag(node.value)}`;
  if (node.op === 'param') return `p:${node.name}`;
  return `${node.op}(${childrenOf(node).map(keyOf).join(',')})`;
}

/** Every pair of structurally equal subexpressions of `root` is one object. */
function expectFullySharing(root: NumNode): void {
  const seen = new Map<string, Node>();
  const walk = (node: Node): void => {
    const key = keyOf(node);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, node);
    else expect(node, `subexpression ${key}`).toBe(first);
    childrenOf(node).forEach(walk);
  };
  walk(root);
}

describe('simplify: constant folding', () => {
  it('folds arithmetic on constants: 2 + 3 * 4 = 14', () => {
    expect(simplify(add(2, mul(3, 4)))).toEqual(constant(14));
  });

  it('folds unary primitives, clamp and comparisons on constants', () => {
    expect(simplify(exp(0))).toEqual(constant(1));
    expect(simplify(sqrt(16))).toEqual(constant(4));
    expect(simplify(clamp(7, 0, 6))).toEqual(constant(6));
    expect(simplify(select(gt(1, 0), x, neg(x)))).toEqual(x);
    expect(simplify(select(gt(0, 1), x, neg(x)))).toEqual(neg(x));
  });

  it('keeps the sign of a folded zero: -(0) is -0', () => {
    const folded = simplify(neg(0));
    expect(folded.op).toBe('const');
    expect(folded.op === 'const' && Object.is(folded.value, -0)).toBe(true);
  });
});

describe('simplify: identities', () => {
  const t = tanh(x);
  it.each([
    ['x * 1', mul(t, 1)],
    ['1 * x', mul(1, t)],
    ['x / 1', div(t, 1)],
    ['x - 0', sub(t, 0)],
    ['neg(neg(x))', neg(neg(t))],
    ['select(c, a, a)', select(gt(x, 0), t, tanh(x))],
    ['min(a, a)', min(t, tanh(x))],
    ['max(a, a)', max(t, tanh(x))],
  ])('%s becomes the operand', (_, expression) => {
    expect(simplify(expression)).toEqual(t);
  });

  it('x * -1 becomes -x', () => {
    expect(simplify(mul(t, -1))).toEqual(neg(t));
  });
});

describe('simplify: exact IEEE rules without assumeFinite', () => {
  it('does not fold x + 0 to x, since -0 + 0 is +0', () => {
    const simplified = simplify(add(x, 0));
    expect(simplified).not.toEqual(x);
    expect(evaluate(simplified, [-0]).map(tag)).toEqual(['0']);
  });

  it('does not fold 0 * x to 0, since x may be NaN or infinite', () => {
    const simplified = simplify(mul(0, x));
    expect(simplified.op).not.toBe('const');
    expect(evaluate(simplified, [Number.NaN, Number.POSITIVE_INFINITY, -1]).map(tag)).toEqual(['NaN', 'NaN', '-0']);
  });

  it('does not fold 0 / x or x - x to 0', () => {
    expect(simplify(div(0, x)).op).not.toBe('const');
    expect(simplify(sub(x, x)).op).not.toBe('const');
  });

  it('does not fold x - (-0) to x, since -0 - (-0) is +0', () => {
    const simplified = simplify(sub(x, constant(-0)));
    expect(evaluate(simplified, [-0]).map(tag)).toEqual(['0']);
  });

  it('folds all of them with assumeFinite: true', () => {
    const options = { assumeFinite: true };
    expect(simplify(add(x, 0), options)).toEqual(x);
    expect(simplify(mul(0, x), options)).toEqual(constant(0));
    expect(simplify(div(0, x), options)).toEqual(constant(0));
    expect(simplify(sub(x, x), options)).toEqual(constant(0));
  });
});

describe('simplify: common subexpressions', () => {
  it('makes exp(x) + exp(x) refer to one exp(x) object', () => {
    const [left, right] = argsOf(simplify(add(exp(x), exp(x))));
    expect(left).toEqual(exp(x));
    expect(left).toBe(right);
  });

  it('shares e * 2 and 2 * e once both are in canonical order', () => {
    const [left, right] = argsOf(simplify(add(mul(exp(x), 2), mul(2, exp(x)))));
    expect(left).toBe(right);
  });

  it.each([
    add(mul(tanh(x), exp(x)), sub(exp(x), tanh(x))),
    add(add(x, -2), neg(mul(2, x))),
    mul(neg(mul(3, exp(x))), add(exp(x), 3)),
  ])('leaves no two structurally equal subexpressions as separate objects: %#', (expression) => {
    expectFullySharing(simplify(expression));
  });
});

describe('simplify: selects inside a select on the same condition', () => {
  it('takes the branch the outer select already decided', () => {
    const inner = select(gt(x, 0), x, exp(x));
    expect(printExpr(simplify(select(gt(x, 0), 1, add(inner, 2))))).toBe(printExpr(simplify(select(gt(x, 0), 1, add(exp(x), 2)))));
    expect(printExpr(simplify(select(gt(x, 0), mul(inner, 3), 0)))).toBe(printExpr(simplify(select(gt(x, 0), mul(x, 3), 0))));
  });

  it('leaves a select on another condition alone', () => {
    const inner = select(lt(x, 1), x, exp(x));
    expect(printExpr(simplify(select(gt(x, 0), 1, add(inner, 2))))).toContain('x < 1');
  });
});

describe('simplify: a expm1(u) + a with assumeFinite', () => {
  const alpha = param('alpha');
  it.each([
    ['alpha expm1(x) + alpha', add(mul(alpha, expm1(x)), alpha), 'alpha * exp(x)'],
    ['alpha + expm1(x) alpha', add(alpha, mul(expm1(x), alpha)), 'alpha * exp(x)'],
    ['expm1(2x) + 1', add(expm1(mul(2, x)), 1), 'exp(2 * x)'],
  ])('%s becomes a e^u', (_, expression, expected) => {
    expect(printExpr(simplify(expression, { assumeFinite: true }))).toBe(expected);
  });

  it('keeps the sum without assumeFinite, where it must stay bit-exact', () => {
    expect(printExpr(simplify(add(mul(alpha, expm1(x)), alpha)))).toContain('expm1');
  });

  it('does not merge a different factor', () => {
    expect(printExpr(simplify(add(mul(2, expm1(x)), 3), { assumeFinite: true }))).toContain('expm1');
  });
});

describe('simplify never changes a value', () => {
  const cases: NumNode[] = [
    add(x, 0), add(0, x), add(x, constant(-0)), sub(x, 0), sub(x, constant(-0)), sub(0, x), sub(x, x),
    mul(x, 1), mul(1, x), mul(x, -1), mul(0, x), mul(x, 0), div(x, 1), div(0, x),
    neg(neg(x)), neg(sub(x, 1)), add(x, neg(x)), sub(x, neg(x)), mul(neg(x), neg(x)), mul(3, neg(x)), neg(mul(2, x)),
    min(x, x), max(x, x), select(gt(x, 0), x, x), select(gt(1, 0), x, 0), clamp(x, 0, 6), add(clamp(2, 0, 1), x),
    mul(2, mul(3, x)), add(mul(exp(x), 2), exp(x)), div(mul(x, 0), add(x, 0)),
    select(gt(x, 0), 1, add(select(gt(x, 0), x, exp(x)), 2)), select(lt(x, 1), mul(select(lt(x, 1), neg(x), x), 3), select(gt(x, 0), x, 0)),
  ];
  it.each(cases.map((expression) => [printExpr(expression), expression] as const))('%s (Object.is at -0, NaN, ±Infinity, ...)', (_, expression) => {
    expect(evaluate(simplify(expression)).map(tag)).toEqual(evaluate(expression).map(tag));
  });

  // simplify rewrites these to 1 - erf(x) and 1 + tanh(x), which the evaluator computes in a stable
  // form (erfc(x), 2 sigmoid(2x)); the value of the expression must still not depend on simplifying it.
  it.each([add(1, neg(erf(x))), sub(1, neg(tanh(x)))].map((expression) => [printExpr(expression), expression] as const))(
    '%s keeps its value where the evaluator has a stable form',
    (_, expression) => {
      expect(evaluate(simplify(expression)).map(tag)).toEqual(evaluate(expression).map(tag));
    },
  );

  it('with assumeFinite, keeps every value at finite non-zero inputs (0 / e is 0 by assumption)', () => {
    const finite = [-2.5, -1, 0.5, 3];
    for (const expression of cases) {
      const before = evaluate(expression, finite);
      const after = evaluate(simplify(expression, { assumeFinite: true }), finite);
      after.forEach((value, index) => {
        expect(value === before[index], `${printExpr(expression)} at ${finite[index] ?? ''}`).toBe(true);
      });
    }
  });
});

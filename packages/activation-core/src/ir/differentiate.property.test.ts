import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { ResolvedParams } from '../definition/resolve-params.js';
import { evaluateExpression } from '../reference/evaluate-expression.js';
import { add, constant, div, erf, exp, expm1, log, log1p, mul, neg, param, sigmoid, sqrt, sub, tanh, x } from './builders.js';
import type { DiffVariable } from './differentiate.js';
import { differentiate } from './differentiate.js';
import type { NumNode } from './nodes.js';
import { printExpr } from './print.js';
import { simplify } from './simplify.js';

const p = param('p');
const onePlusSquare = (e: NumNode): NumNode => add(1, mul(e, e));

/**
 * Smooth, domain-safe expressions over x and p: log and sqrt only of 1 + e^2, division only by
 * 1 + e^2, exp and expm1 only of tanh(e), and products with one bounded factor, so every value stays
 * finite and moderate (|e| stays below about 100 for x in [-3, 3], p in [-2, 2], depth 5).
 */
const { expr } = fc.letrec<{ expr: NumNode }>((tie) => {
  const sub1 = tie('expr');
  // Constants are multiples of 1/4 in [-2, 2], so 0, 1 and -1 turn up and exercise simplify's identities.
  const leaf = fc.oneof(fc.constant(x), fc.constant(p), fc.integer({ min: -8, max: 8 }).map((k) => constant(k / 4)));
  const bounded = fc.oneof(sub1.map(tanh), sub1.map(sigmoid), sub1.map(erf), fc.constant(p));
  return {
    expr: fc.oneof(
      { maxDepth: 5, depthIdentifier: 'expr' },
      leaf,
      fc.tuple(sub1, sub1).map(([a, b]) => add(a, b)),
      fc.tuple(sub1, sub1).map(([a, b]) => sub(a, b)),
      fc.tuple(bounded, sub1).map(([a, b]) => mul(a, b)),
      fc.tuple(sub1, sub1).map(([a, b]) => div(a, onePlusSquare(b))),
      sub1.map(neg),
      sub1.map(tanh),
      sub1.map(sigmoid),
      sub1.map(erf),
      sub1.map((e) => exp(tanh(e))),
      sub1.map((e) => expm1(tanh(e))),
      sub1.map((e) => log(onePlusSquare(e))),
      sub1.map((e) => log1p(mul(e, e))),
      sub1.map((e) => sqrt(onePlusSquare(e))),
    ),
  };
});

function evaluateAt(node: NumNode, xValue: number, pValue: number): number {
  const params: ResolvedParams = { p: { kind: 'scalar', value: pValue } };
  const [value = Number.NaN] = evaluateExpression(node, { input: Float64Array.of(xValue), params, training: false, seed: 0, float32Uniforms: false });
  return value;
}

/** Central difference in float64 with step 1e-6 * max(1, |v|) in the chosen variable. */
function centralDifference(node: NumNode, variable: DiffVariable, xValue: number, pValue: number): number {
  const along = variable.kind === 'input' ? xValue : pValue;
  const h = 1e-6 * Math.max(1, Math.abs(along));
  const f = (v: number): number => (variable.kind === 'input' ? evaluateAt(node, v, pValue) : evaluateAt(node, xValue, v));
  return (f(along + h) - f(along - h)) / (2 * h);
}

const xs = fc.double({ min: -3, max: 3, noNaN: true });
const ps = fc.double({ min: -2, max: 2, noNaN: true });
const settings = { seed: 42, numRuns: 200 };

describe.each<[string, DiffVariable]>([
  ['d/dx', { kind: 'input' }],
  ['d/dp', { kind: 'param', name: 'p' }],
])('%s of random smooth expressions', (_, variable) => {
  it('matches a central finite difference to a relative 1e-5', () => {
    fc.assert(
      fc.property(expr, xs, ps, (expression, xValue, pValue) => {
        const symbolic = evaluateAt(differentiate(expression, variable), xValue, pValue);
        const numeric = centralDifference(expression, variable, xValue, pValue);
        expect(Number.isFinite(symbolic), printExpr(expression)).toBe(true);
        expect(Math.abs(symbolic - numeric), `${printExpr(expression)} at x=${xValue}, p=${pValue}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(numeric)));
      }),
      settings,
    );
  });
});

describe('simplify on random smooth expressions', () => {
  it('evaluates identically (Object.is) to the expression it simplifies', () => {
    fc.assert(
      fc.property(expr, xs, ps, (expression, xValue, pValue) => {
        const before = evaluateAt(expression, xValue, pValue);
        const after = evaluateAt(simplify(expression), xValue, pValue);
        expect(Object.is(after, before), `${printExpr(expression)}: ${after} vs ${before}`).toBe(true);
      }),
      settings,
    );
  });
});

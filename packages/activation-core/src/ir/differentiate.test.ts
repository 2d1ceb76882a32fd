import { describe, it, expect } from 'vitest';
import { RectifyError } from '../errors.js';
import type { ResolvedParams } from '../definition/resolve-params.js';
import { evaluateExpression } from '../reference/evaluate-expression.js';
import {
  abs, add, clamp, constant, div, erf, exp, expm1, gt, log, log1p, max, min, mul, neg, param, select, sigmoid, sqrt, sub, tanh, x, y,
} from './builders.js';
import { differentiate } from './differentiate.js';
import type { NumNode } from './nodes.js';

const scalars = (values: Record<string, number>): ResolvedParams =>
  Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { kind: 'scalar', value } as const]));

function evaluate(node: NumNode, inputs: readonly number[], params: Record<string, number> = {}): number[] {
  return Array.from(evaluateExpression(node, { input: Float64Array.from(inputs), params: scalars(params), training: false, seed: 0, float32Uniforms: false }));
}

const dx = (expression: NumNode): NumNode => differentiate(expression, { kind: 'input' });

/** The derivative of `expression` at each input agrees with `closedForm` to a relative 1e-13. */
function expectDerivative(expression: NumNode, inputs: readonly number[], closedForm: (v: number) => number): void {
  const actual = evaluate(dx(expression), inputs);
  inputs.forEach((input, index) => {
    const want = closedForm(input);
    const got = actual[index] ?? Number.NaN;
    expect(Math.abs(got - want), `at x = ${input}: got ${got}, want ${want}`).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(want)));
  });
}

const sigma = (v: number): number => 1 / (1 + Math.exp(-v));

describe('differentiate: each primitive against a hand-derived closed form', () => {
  const points = [-1.5, -0.3, 0.2, 0.7, 2];
  it('exp, expm1: e^x', () => {
    expectDerivative(exp(x), points, Math.exp);
    expectDerivative(expm1(x), points, Math.exp);
  });
  it('log: 1/x and log1p: 1/(1 + x)', () => {
    expectDerivative(log(x), [0.3, 1, 2.5], (v) => 1 / v);
    expectDerivative(log1p(x), [-0.5, 0, 3], (v) => 1 / (1 + v));
  });
  it('sqrt: 1/(2 sqrt(x)), e.g. 1, 1/2 and 1/6 at 1/4, 1 and 9', () => {
    expectDerivative(sqrt(x), [0.25, 1, 9], (v) => 0.5 / Math.sqrt(v));
    expect(evaluate(dx(sqrt(x)), [0.25, 1, 9])).toEqual([1, 0.5, 1 / 6]);
  });
  it('tanh: 1 - tanh^2, sigmoid: s (1 - s), erf: 2/sqrt(pi) e^(-x^2)', () => {
    expectDerivative(tanh(x), points, (v) => 1 - Math.tanh(v) ** 2);
    expectDerivative(sigmoid(x), points, (v) => sigma(v) * (1 - sigma(v)));
    expectDerivative(erf(x), points, (v) => (2 / Math.sqrt(Math.PI)) * Math.exp(-v * v));
  });
  it('abs: the sign of x', () => {
    expectDerivative(abs(x), [-2, -0.5, 0.5, 3], Math.sign);
  });
  it('mul: product rule, x e^x gives e^x (1 + x); x * x gives 2x', () => {
    expectDerivative(mul(x, exp(x)), points, (v) => Math.exp(v) * (1 + v));
    expectDerivative(mul(x, x), points, (v) => 2 * v);
    expectDerivative(mul(3, x), points, () => 3);
  });
  it('div: quotient rule, 1/x gives -1/x^2; x/(1 + x^2) gives (1 - x^2)/(1 + x^2)^2', () => {
    expectDerivative(div(1, x), points, (v) => -1 / (v * v));
    expectDerivative(div(x, add(1, mul(x, x))), points, (v) => (1 - v * v) / (1 + v * v) ** 2);
  });
  it('min and max follow the larger / smaller side away from ties', () => {
    expectDerivative(max(mul(2, x), x), [-1, 0.5, 3], (v) => (v > 0 ? 2 : 1));
    expectDerivative(min(mul(2, x), x), [-1, 0.5, 3], (v) => (v < 0 ? 2 : 1));
    expectDerivative(min(x, 1), [-1, 0.5, 3], (v) => (v < 1 ? 1 : 0));
  });
  it('clamp: 1 strictly inside the bounds, 0 outside', () => {
    expectDerivative(clamp(x, -1, 2), [-3, -0.5, 1.5, 4], (v) => (v > -1 && v < 2 ? 1 : 0));
  });
  it('select differentiates each side: x^2 for x > 0, 3x otherwise', () => {
    expectDerivative(select(gt(x, 0), mul(x, x), mul(3, x)), [-2, 0, 0.5, 4], (v) => (v > 0 ? 2 * v : 3));
  });
  it('chain rule: exp(2x) gives 2 e^(2x); tanh(x^2) gives 2x (1 - tanh(x^2)^2)', () => {
    expectDerivative(exp(mul(2, x)), points, (v) => 2 * Math.exp(2 * v));
    expectDerivative(tanh(mul(x, x)), points, (v) => 2 * v * (1 - Math.tanh(v * v) ** 2));
  });
  it('neg, sub and constants', () => {
    expectDerivative(neg(exp(x)), points, (v) => -Math.exp(v));
    expectDerivative(sub(5, mul(x, x)), points, (v) => -2 * v);
    expect(dx(add(constant(2), exp(1)))).toEqual(constant(0));
  });
});

describe('differentiate: conventions at kinks (see the top of differentiate.ts)', () => {
  it("max(x, 0)' is 0 at 0, 1 above and 0 below", () => {
    expect(evaluate(dx(max(x, 0)), [-1, 0, -0, 2])).toEqual([0, 0, 0, 1]);
  });
  it("NaN sends the gradient to the first operand: max(x, 0)' and min(x, 0)' are 1 at NaN (threshold_backward)", () => {
    expect(evaluate(dx(max(x, 0)), [Number.NaN])).toEqual([1]);
    expect(evaluate(dx(min(x, 0)), [Number.NaN])).toEqual([1]);
  });
  it("min(x, 0)' is 0 at the tie", () => {
    expect(evaluate(dx(min(x, 0)), [0, -1, 1])).toEqual([0, 1, 0]);
  });
  it('clamp has derivative 0 at both bounds, e.g. relu6 = clamp(x, 0, 6) at 0 and 6, and 1 at NaN', () => {
    expect(evaluate(dx(clamp(x, 0, 6)), [0, 6, 3, Number.NaN])).toEqual([0, 0, 1, 1]);
  });
  it("abs'(0) = 0 (both signs of zero)", () => {
    expect(evaluate(dx(abs(x)), [0, -0])).toEqual([0, 0]);
  });
});

describe('differentiate: errors and parameters', () => {
  it('throws UNDIFFERENTIABLE for an expression that refers to the output y', () => {
    let caught: unknown;
    try {
      dx(add(x, mul(2, y)));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RectifyError);
    expect(caught instanceof RectifyError ? caught.code : undefined).toBe('UNDIFFERENTIABLE');
  });

  it('d/dp of p x^2 is x^2, and of exp(p x) is x e^(p x)', () => {
    const p = param('p');
    const inputs = [-2, 0.5, 3];
    expect(evaluate(differentiate(mul(p, mul(x, x)), { kind: 'param', name: 'p' }), inputs, { p: 3 })).toEqual([4, 0.25, 9]);
    const got = evaluate(differentiate(exp(mul(p, x)), { kind: 'param', name: 'p' }), inputs, { p: 0.7 });
    inputs.forEach((v, index) => {
      expect(got[index]).toBeCloseTo(v * Math.exp(0.7 * v), 12);
    });
  });

  it('d/dp is 0 for an expression free of p, and d/dx treats p as a constant', () => {
    expect(differentiate(mul(param('q'), x), { kind: 'param', name: 'p' })).toEqual(constant(0));
    expect(evaluate(dx(mul(param('p'), x)), [1, -4], { p: 2.5 })).toEqual([2.5, 2.5]);
  });

  it('d/dlow of clamp(x, low, high) is 1 below low; d/dhigh is 1 above high', () => {
    const shape = clamp(x, param('low'), param('high'));
    const values = { low: -1, high: 2 };
    expect(evaluate(differentiate(shape, { kind: 'param', name: 'low' }), [-3, 0, 5], values)).toEqual([1, 0, 0]);
    expect(evaluate(differentiate(shape, { kind: 'param', name: 'high' }), [-3, 0, 5], values)).toEqual([0, 0, 1]);
  });
});

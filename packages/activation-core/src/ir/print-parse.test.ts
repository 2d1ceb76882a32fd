import { describe, it, expect } from 'vitest';
import type { RectifyErrorCode } from '../errors.js';
import { RectifyError } from '../errors.js';
import { add, clamp, div, exp, gt, max, mul, neg, param, select, sub, x, y } from './builders.js';
import type { ParseContext } from './parse.js';
import { parseExpr } from './parse.js';
import { printExpr } from './print.js';

function parseError(json: unknown, context: ParseContext): RectifyError {
  try {
    parseExpr(json, context);
  } catch (error) {
    if (error instanceof RectifyError) return error;
    throw error;
  }
  return expect.unreachable(`parseExpr accepted ${JSON.stringify(json)}`);
}

const expectCode = (json: unknown, code: RectifyErrorCode, context: ParseContext = base): void => {
  expect(parseError(json, context).code).toBe(code);
};

const base: ParseContext = { params: new Set(['alpha']), allowOutput: false, where: 'f' };
const input = { op: 'input' };

describe('printExpr', () => {
  const [a, b, c] = [param('a'), param('b'), param('c')];
  it('renders select(x > 0, x, alpha * x)', () => {
    expect(printExpr(select(gt(x, 0), x, mul(param('alpha'), x)))).toBe('select(x > 0, x, alpha * x)');
  });
  it('brackets the right operand of - and / at equal precedence only', () => {
    expect(printExpr(sub(a, sub(b, c)))).toBe('a - (b - c)');
    expect(printExpr(sub(sub(a, b), c))).toBe('a - b - c');
    expect(printExpr(div(a, mul(b, c)))).toBe('a / (b * c)');
    expect(printExpr(add(a, mul(b, c)))).toBe('a + b * c');
    expect(printExpr(mul(add(a, b), c))).toBe('(a + b) * c');
    expect(printExpr(neg(add(x, 1)))).toBe('-(x + 1)');
  });
  it('renders the other primitives as calls', () => {
    expect(printExpr(max(x, 0))).toBe('max(x, 0)');
    expect(printExpr(clamp(x, 0, 6))).toBe('clamp(x, 0, 6)');
    expect(printExpr(exp(mul(2, x)))).toBe('exp(2 * x)');
  });
});

describe('parseExpr', () => {
  it('returns a fresh, equal copy of a valid expression', () => {
    const expression = select(gt(x, 0), x, mul(param('alpha'), exp(x)));
    const parsed = parseExpr(expression, base);
    expect(parsed).toEqual(expression);
    expect(parsed).not.toBe(expression);
  });

  it('rejects an unknown primitive', () => {
    expectCode({ op: 'sin', args: [input] }, 'UNKNOWN_PRIMITIVE');
    expectCode({ op: 'constructor', args: [input] }, 'UNKNOWN_PRIMITIVE');
  });

  it('rejects the wrong number of operands', () => {
    expectCode({ op: 'exp', args: [] }, 'WRONG_ARITY');
    expectCode({ op: 'add', args: [input] }, 'WRONG_ARITY');
    expectCode({ op: 'clamp', args: [input, input] }, 'WRONG_ARITY');
  });

  it('rejects a comparison used as a number and a number used as a select condition', () => {
    expectCode({ op: 'add', args: [input, { op: 'gt', args: [input, input] }] }, 'TYPE_MISMATCH');
    expectCode({ op: 'select', cond: { op: 'const', value: 1 }, args: [input, input] }, 'TYPE_MISMATCH');
  });

  it('rejects non-finite constants, from objects and from JSON text', () => {
    for (const value of [null, '1e999', Number.NaN, Number.POSITIVE_INFINITY, undefined]) {
      expectCode({ op: 'const', value }, 'NON_FINITE_CONSTANT');
    }
    expectCode(JSON.parse('{"op": "const", "value": 1e999}'), 'NON_FINITE_CONSTANT');
    expectCode(JSON.parse('{"op": "const", "value": null}'), 'NON_FINITE_CONSTANT');
  });

  it('rejects an undeclared parameter', () => {
    expectCode({ op: 'param', name: 'beta' }, 'UNKNOWN_PARAMETER');
  });

  it('rejects parameter names that could inject code, even when declared', () => {
    const names = ['a;alert(1)', '__proto__', 'constructor', 'a b', '1a', ''];
    const context: ParseContext = { ...base, params: new Set(names) };
    for (const name of names) expectCode({ op: 'param', name }, 'INVALID_IDENTIFIER', context);
    expectCode(JSON.parse('{"op": "param", "name": "__proto__"}'), 'INVALID_IDENTIFIER', context);
  });

  it('accepts the output y only where allowed', () => {
    expectCode({ op: 'output' }, 'MALFORMED_DEFINITION');
    expect(parseExpr(mul(2, y), { ...base, allowOutput: true })).toEqual(mul(2, y));
  });

  it('names the path of the offending node in the message', () => {
    expect(parseError({ op: 'add', args: [input, { op: 'sin', args: [input] }] }, base).message).toContain('f.args[1]');
    expect(parseError(mul(x, add(x, param('beta'))), base).message).toContain('f.args[1].args[1]');
    expect(parseError({ op: 'select', cond: { op: 'gt', args: [input, { op: 'const', value: null }] }, args: [input, input] }, base).message)
      .toContain('f.cond.args[1]');
  });
});

import type { BoolNode, NumNode } from './nodes.js';

const infix: Partial<Record<string, { symbol: string; precedence: number }>> = {
  add: { symbol: '+', precedence: 1 },
  sub: { symbol: '-', precedence: 1 },
  mul: { symbol: '*', precedence: 2 },
  div: { symbol: '/', precedence: 2 },
  gt: { symbol: '>', precedence: 0 },
  ge: { symbol: '>=', precedence: 0 },
  lt: { symbol: '<', precedence: 0 },
  le: { symbol: '<=', precedence: 0 },
  eq: { symbol: '==', precedence: 0 },
};

function formatNumber(value: number): string {
  if (Object.is(value, -0)) return '-0';
  return Number.isInteger(value) || Math.abs(value) >= 1e-4 ? String(value) : value.toExponential();
}

/** A human-readable rendering, e.g. `select(x > 0, x, alpha * x)`. */
export function printExpr(node: NumNode | BoolNode): string {
  return print(node, 0);
}

function print(node: NumNode | BoolNode, parentPrecedence: number): string {
  switch (node.op) {
    case 'const':
      return (node.value < 0 || Object.is(node.value, -0)) && parentPrecedence > 0
        ? `(${formatNumber(node.value)})`
        : formatNumber(node.value);
    case 'input':
      return 'x';
    case 'output':
      return 'y';
    case 'param':
      return node.name;
    case 'uniform':
      return 'uniform()';
    case 'neg':
      return `-${print(node.args[0], 3)}`;
    case 'select':
      return `select(${print(node.cond, 0)}, ${print(node.args[0], 0)}, ${print(node.args[1], 0)})`;
    default: {
      const operator = infix[node.op];
      if (operator !== undefined && node.args.length === 2) {
        const [left, right] = node.args;
        // The right operand of - and / needs brackets at equal precedence: a - (b - c).
        const text = `${print(left, operator.precedence)} ${operator.symbol} ${print(right, operator.precedence + 1)}`;
        return operator.precedence < parentPrecedence ? `(${text})` : text;
      }
      return `${node.op}(${node.args.map((arg) => print(arg, 0)).join(', ')})`;
    }
  }
}

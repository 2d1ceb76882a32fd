import { RectifyError } from '../errors.js';
import type { BoolNode, NumNode } from './nodes.js';
import { isBinaryOp, isCompareOp, isUnaryOp } from './nodes.js';
import { assertParameterName } from '../definition/identifiers.js';

export interface ParseContext {
  /** Parameter names the expression may refer to. */
  readonly params: ReadonlySet<string>;
  /** Whether `y` (the output) may appear: only in a derivative written in terms of the output. */
  readonly allowOutput: boolean;
  /** Where the expression sits, for error messages, e.g. `leaky_relu.forward`. */
  readonly where: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Deeper than any real activation needs, shallow enough that no generator or evaluator can overflow the stack. */
export const maxExpressionDepth = 256;
/** Nodes visited per expression; a shared subtree counts at every use, so a hand-built graph cannot blow up exponentially. */
export const maxExpressionNodes = 4096;

/** What one parse has seen: the nodes on the path from the root (to catch cycles) and how many it has visited. */
interface ParseBudget {
  readonly ancestors: Set<object>;
  visited: number;
}

function enter(json: Record<string, unknown>, context: ParseContext, budget: ParseBudget, path: string): void {
  if (budget.ancestors.has(json)) {
    throw new RectifyError('MALFORMED_DEFINITION', `${context.where}: the expression refers back to itself (a cycle) at depth ${budget.ancestors.size}.`, { where: context.where, depth: budget.ancestors.size });
  }
  if (budget.ancestors.size >= maxExpressionDepth) {
    throw new RectifyError('MALFORMED_DEFINITION', `${context.where}: the expression is nested deeper than ${maxExpressionDepth} levels.`, { where: context.where, limit: maxExpressionDepth });
  }
  budget.visited += 1;
  if (budget.visited > maxExpressionNodes) {
    throw new RectifyError('MALFORMED_DEFINITION', `${context.where}: the expression has more than ${maxExpressionNodes} nodes.`, { where: context.where, limit: maxExpressionNodes, path });
  }
}

function expectArgs(json: Record<string, unknown>, count: number, path: string): unknown[] {
  const args = json['args'];
  if (!Array.isArray(args)) {
    throw new RectifyError('MALFORMED_DEFINITION', `${path}: "${String(json['op'])}" needs an "args" array.`, { path });
  }
  if (args.length !== count) {
    throw new RectifyError('WRONG_ARITY', `${path}: "${String(json['op'])}" takes ${count} operand(s), got ${args.length}.`, { path, expected: count, actual: args.length });
  }
  return args;
}

function parseBool(json: unknown, context: ParseContext, budget: ParseBudget, path: string): BoolNode {
  if (!isRecord(json) || typeof json['op'] !== 'string') {
    throw new RectifyError('MALFORMED_DEFINITION', `${path}: expected a comparison node.`, { path });
  }
  enter(json, context, budget, path);
  budget.ancestors.add(json);
  try {
    return parseComparison(json, json['op'], context, budget, path);
  } finally {
    budget.ancestors.delete(json);
  }
}

function parseComparison(json: Record<string, unknown>, op: string, context: ParseContext, budget: ParseBudget, path: string): BoolNode {
  if (!isCompareOp(op)) {
    throw new RectifyError('TYPE_MISMATCH', `${path}: a select condition must be a comparison (gt, ge, lt, le, eq), got "${op}".`, { path, op });
  }
  const [a, b] = expectArgs(json, 2, path);
  return { op, args: [parseNum(a, context, budget, `${path}.args[0]`), parseNum(b, context, budget, `${path}.args[1]`)] };
}

function parseNum(json: unknown, context: ParseContext, budget: ParseBudget, path: string): NumNode {
  if (!isRecord(json) || typeof json['op'] !== 'string') {
    throw new RectifyError('MALFORMED_DEFINITION', `${path}: expected an expression node with a string "op".`, { path });
  }
  enter(json, context, budget, path);
  budget.ancestors.add(json);
  try {
    return parseOperation(json, json['op'], context, budget, path);
  } finally {
    budget.ancestors.delete(json);
  }
}

function parseOperation(json: Record<string, unknown>, op: string, context: ParseContext, budget: ParseBudget, path: string): NumNode {
  switch (op) {
    case 'const': {
      const value = json['value'];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new RectifyError('NON_FINITE_CONSTANT', `${path}: constant ${String(value)} is not a finite number.`, { path });
      }
      // Every backend computes in float32: a constant that float32 cannot hold would silently become Infinity or 0.
      const rounded = Math.fround(value);
      if (!Number.isFinite(rounded) || (rounded === 0 && value !== 0)) {
        throw new RectifyError('NON_FINITE_CONSTANT', `${path}: constant ${value} ${rounded === 0 ? 'underflows to 0' : 'overflows to Infinity'} in float32.`, { path, value });
      }
      return { op, value };
    }
    case 'input':
    case 'uniform':
      return { op };
    case 'output':
      if (!context.allowOutput) {
        throw new RectifyError('MALFORMED_DEFINITION', `${path}: the output y may only appear in a derivative written in terms of the output.`, { path });
      }
      return { op };
    case 'param': {
      const name = json['name'];
      assertParameterName(name);
      if (!context.params.has(name)) {
        throw new RectifyError('UNKNOWN_PARAMETER', `${path}: parameter "${name}" is not declared in params.`, { path, name });
      }
      return { op, name };
    }
    case 'clamp': {
      const [v, lo, hi] = expectArgs(json, 3, path);
      return { op, args: [parseNum(v, context, budget, `${path}.args[0]`), parseNum(lo, context, budget, `${path}.args[1]`), parseNum(hi, context, budget, `${path}.args[2]`)] };
    }
    case 'select': {
      const [a, b] = expectArgs(json, 2, path);
      return {
        op,
        cond: parseBool(json['cond'], context, budget, `${path}.cond`),
        args: [parseNum(a, context, budget, `${path}.args[0]`), parseNum(b, context, budget, `${path}.args[1]`)],
      };
    }
    default:
      if (isUnaryOp(op)) {
        const [a] = expectArgs(json, 1, path);
        return { op, args: [parseNum(a, context, budget, `${path}.args[0]`)] };
      }
      if (isBinaryOp(op)) {
        const [a, b] = expectArgs(json, 2, path);
        return { op, args: [parseNum(a, context, budget, `${path}.args[0]`), parseNum(b, context, budget, `${path}.args[1]`)] };
      }
      if (isCompareOp(op)) {
        throw new RectifyError('TYPE_MISMATCH', `${path}: comparison "${op}" gives a boolean; wrap it in select(...) to use it as a number.`, { path, op });
      }
      throw new RectifyError('UNKNOWN_PRIMITIVE', `${path}: unknown primitive "${op}".`, { path, op });
  }
}

/**
 * Validates an expression from any source (builders or untrusted JSON) and returns a fresh copy
 * made only of known primitives, finite constants and declared parameter names.
 */
export function parseExpr(json: unknown, context: ParseContext): NumNode {
  return parseNum(json, context, { ancestors: new Set(), visited: 0 }, context.where);
}

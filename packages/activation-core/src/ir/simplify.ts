import { applyBinary, applyClamp, applyCompare, applyUnary } from '../math/scalar-ops.js';
import { Interner } from './interner.js';
import type { BinaryNode, BoolNode, NumNode, UnaryNode } from './nodes.js';
import { isBinaryOp, isUnaryOp, mapOperands } from './nodes.js';

export interface SimplifyOptions {
  /**
   * Treat `0 * e`, `0 / e` and `e - e` as exactly 0. True for derivatives, where such terms vanish
   * symbolically; false (the default) for forward expressions, where `e` might be NaN or infinite.
   */
  readonly assumeFinite?: boolean;
}

type ConstNode = Extract<NumNode, { op: 'const' }>;
const isConst = (node: NumNode): node is ConstNode => node.op === 'const';
const isConstValue = (node: NumNode, value: number): boolean => node.op === 'const' && node.value === value;

const constNode = (value: number): NumNode => ({ op: 'const', value });

/**
 * Without `assumeFinite` every rewrite is exact in IEEE arithmetic, signed zeros and NaN included.
 * Constant folding, algebraic identities and common-subexpression sharing. The result is a DAG:
 * structurally equal subexpressions are one object, so later passes can emit each once.
 */
export function simplify(root: NumNode, options: SimplifyOptions = {}): NumNode {
  const interner = new Interner();
  const memo = new Map<NumNode, NumNode>();
  const assumeFinite = options.assumeFinite ?? false;

  const isZeroIdentity = (value: number): boolean => value === 0 && (assumeFinite || Object.is(value, -0));

  const visitBool = (node: BoolNode): BoolNode =>
    interner.canonical({ op: node.op, args: [visit(node.args[0]), visit(node.args[1])] });

  const visit = (node: NumNode): NumNode => {
    const cached = memo.get(node);
    if (cached !== undefined) return cached;
    const result = interner.canonical(rewrite(node));
    memo.set(node, result);
    // A result is already simplified: visiting it again (after assumeCondition rebuilt a parent) is free.
    memo.set(result, result);
    return result;
  };

  /**
   * `root` (simplified) where `cond` is known to be `holds`: every select on an equal condition inside
   * it is replaced by the branch taken. Exact, NaN included, since equal conditions agree lane by lane.
   * Rebuilt parents are simplified again, so rules that the removed select hid can now apply.
   */
  const assumeCondition = (root: NumNode, cond: BoolNode, holds: boolean): NumNode => {
    const rebuilt = new Map<NumNode, NumNode>();
    const walk = (node: NumNode): NumNode => {
      if (!containsSelect(node)) return node;
      const known = rebuilt.get(node);
      if (known !== undefined) return known;
      let result: NumNode;
      if (node.op === 'select' && interner.equal(node.cond, cond)) {
        result = walk(holds ? node.args[0] : node.args[1]);
      } else {
        let changed = false as boolean;
        const copy = mapOperands(node, (child) => {
          const next = walk(child);
          changed ||= next !== child;
          return next;
        });
        result = changed ? visit(copy) : node;
      }
      rebuilt.set(node, result);
      return result;
    };
    return walk(root);
  };

  /** a * exp(u) when `term` is a * expm1(u) (or expm1(u), with a = 1) and `other` is a, since a (e^u - 1) + a = a e^u. */
  const expm1PlusItsFactor = (term: NumNode, other: NumNode): NumNode | undefined => {
    if (term.op === 'expm1' && isConstValue(other, 1)) return { op: 'exp', args: [term.args[0]] };
    if (term.op !== 'mul') return undefined;
    const [left, right] = term.args;
    if (right.op === 'expm1' && interner.equal(left, other)) return rewriteBinary('mul', left, visit({ op: 'exp', args: [right.args[0]] }));
    if (left.op === 'expm1' && interner.equal(right, other)) return rewriteBinary('mul', right, visit({ op: 'exp', args: [left.args[0]] }));
    return undefined;
  };

  const rewriteBinary = (op: BinaryNode['op'], a: NumNode, b: NumNode): NumNode => {
    if (isConst(a) && isConst(b)) return constNode(applyBinary(op, a.value, b.value));
    switch (op) {
      case 'add':
        // x + 0 is not x for x = -0, so the identity is exact only for -0 or under assumeFinite.
        if (isConst(a) && isZeroIdentity(a.value)) return b;
        if (isConst(b) && isZeroIdentity(b.value)) return a;
        if (b.op === 'neg') return rewriteBinary('sub', a, b.args[0]);
        if (a.op === 'neg') return rewriteBinary('sub', b, a.args[0]);
        // Equal in exact arithmetic and more accurate (the sum cancels for very negative u), but not
        // bit-identical, so only for derivatives: ELU's f'(x) = y + alpha becomes alpha e^x.
        if (assumeFinite) {
          const merged = expm1PlusItsFactor(a, b) ?? expm1PlusItsFactor(b, a);
          if (merged !== undefined) return merged;
        }
        if (isConst(b)) return { op, args: [b, a] };
        break;
      case 'sub':
        // x - (+0) is x for every x; x - (-0) is not (-0 - -0 = +0).
        if (isConst(b) && b.value === 0 && (assumeFinite || Object.is(b.value, 0))) return a;
        if (assumeFinite && isConstValue(a, 0)) return rewriteUnaryNeg(b);
        if (b.op === 'neg') return rewriteBinary('add', a, b.args[0]);
        if (assumeFinite && interner.equal(a, b)) return constNode(0);
        break;
      case 'mul':
        if (isConst(b)) return rewriteBinary('mul', b, a);
        if (isConstValue(a, 1)) return b;
        if (isConstValue(a, -1)) return rewriteUnaryNeg(b);
        if (assumeFinite && isConstValue(a, 0)) return constNode(0);
        if (assumeFinite && isConst(a) && b.op === 'mul' && isConst(b.args[0])) {
          return rewriteBinary('mul', constNode(a.value * b.args[0].value), b.args[1]);
        }
        if (isConst(a) && b.op === 'neg') return rewriteBinary('mul', constNode(-a.value), b.args[0]);
        if (a.op === 'neg' && b.op === 'neg') return rewriteBinary('mul', a.args[0], b.args[0]);
        break;
      case 'div':
        if (isConstValue(b, 1)) return a;
        if (assumeFinite && isConstValue(a, 0)) return constNode(0);
        break;
      case 'min':
      case 'max':
        if (interner.equal(a, b)) return a;
        break;
    }
    return { op, args: [a, b] };
  };

  const rewriteUnaryNeg = (a: NumNode): NumNode => {
    if (isConst(a)) return constNode(-a.value);
    if (a.op === 'neg') return a.args[0];
    if (assumeFinite && a.op === 'sub') return { op: 'sub', args: [a.args[1], a.args[0]] };
    if (a.op === 'mul' && isConst(a.args[0])) return rewriteBinary('mul', constNode(-a.args[0].value), a.args[1]);
    return { op: 'neg', args: [a] };
  };

  const rewrite = (node: NumNode): NumNode => {
    switch (node.op) {
      case 'const':
      case 'input':
      case 'output':
      case 'param':
      case 'uniform':
        return node;
      case 'clamp': {
        const [value, low, high] = node.args.map(visit) as [NumNode, NumNode, NumNode];
        if (isConst(value) && isConst(low) && isConst(high)) return constNode(applyClamp(value.value, low.value, high.value));
        return { op: 'clamp', args: [value, low, high] };
      }
      case 'select': {
        const cond = visitBool(node.cond);
        const whenTrue = assumeCondition(visit(node.args[0]), cond, true);
        const whenFalse = assumeCondition(visit(node.args[1]), cond, false);
        const [left, right] = cond.args;
        if (isConst(left) && isConst(right)) return applyCompare(cond.op, left.value, right.value) ? whenTrue : whenFalse;
        if (interner.equal(whenTrue, whenFalse)) return whenTrue;
        return { op: 'select', cond, args: [whenTrue, whenFalse] };
      }
      case 'neg':
        return rewriteUnaryNeg(visit(node.args[0]));
      case 'abs':
      case 'exp':
      case 'expm1':
      case 'log':
      case 'log1p':
      case 'sqrt':
      case 'tanh':
      case 'sigmoid':
      case 'erf': {
        const arg = visit(node.args[0]);
        if (isConst(arg)) return constNode(applyUnary(node.op, arg.value));
        return { op: node.op, args: [arg] };
      }
      case 'add':
      case 'sub':
      case 'mul':
      case 'div':
      case 'min':
      case 'max':
        return rewriteBinary(node.op, visit(node.args[0]), visit(node.args[1]));
    }
  };

  return share(visit(root));
}

const selectInside = new WeakMap<NumNode, boolean>();

/** Whether a select occurs in `node` (cached: nodes are immutable). */
function containsSelect(node: NumNode): boolean {
  if (node.op === 'select') return true;
  const known = selectInside.get(node);
  if (known !== undefined) return known;
  const result = 'args' in node && (node.args as readonly NumNode[]).some(containsSelect);
  selectInside.set(node, result);
  return result;
}

const isUnaryNode = (node: NumNode): node is UnaryNode => isUnaryOp(node.op);
const isBinaryNode = (node: NumNode): node is BinaryNode => isBinaryOp(node.op);

/** Rebuilds bottom-up through a fresh interner, so nodes created by rewrites are shared as well. */
function share(root: NumNode): NumNode {
  const interner = new Interner();
  const memo = new Map<NumNode, NumNode>();
  const rebuild = (node: NumNode): NumNode => {
    const cached = memo.get(node);
    if (cached !== undefined) return cached;
    let copy: NumNode;
    if (node.op === 'select') {
      const cond: BoolNode = interner.canonical({ op: node.cond.op, args: [rebuild(node.cond.args[0]), rebuild(node.cond.args[1])] });
      copy = { op: 'select', cond, args: [rebuild(node.args[0]), rebuild(node.args[1])] };
    } else if (node.op === 'clamp') {
      copy = { op: 'clamp', args: [rebuild(node.args[0]), rebuild(node.args[1]), rebuild(node.args[2])] };
    } else if (isUnaryNode(node)) {
      copy = { op: node.op, args: [rebuild(node.args[0])] };
    } else if (isBinaryNode(node)) {
      copy = { op: node.op, args: [rebuild(node.args[0]), rebuild(node.args[1])] };
    } else {
      copy = node;
    }
    const canonical = interner.canonical(copy);
    memo.set(node, canonical);
    return canonical;
  };
  return rebuild(root);
}

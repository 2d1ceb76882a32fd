/**
 * The expression IR: a closed set of primitives every backend lowers.
 *
 * Semantics shared by every evaluator and backend (IEEE-754):
 * - comparisons with a NaN operand are false;
 * - `min`/`max`/`clamp` propagate NaN from any operand (like `torch.minimum`/`torch.maximum`);
 * - `clamp(v, lo, hi)` is `min(max(v, lo), hi)`;
 * - `select(c, a, b)` picks `a` where `c` holds, else `b`; the unpicked side never leaks (no blending);
 * - `uniform` is one draw from U[0, 1) per element in training mode, and exactly 0.5 (its mean) in evaluation mode.
 */
export const unaryOps = ['neg', 'abs', 'exp', 'expm1', 'log', 'log1p', 'sqrt', 'tanh', 'sigmoid', 'erf'] as const;
export const binaryOps = ['add', 'sub', 'mul', 'div', 'min', 'max'] as const;
export const compareOps = ['gt', 'ge', 'lt', 'le', 'eq'] as const;

export type UnaryOp = (typeof unaryOps)[number];
export type BinaryOp = (typeof binaryOps)[number];
export type CompareOp = (typeof compareOps)[number];

/** A numeric expression. */
export type NumNode =
  | { readonly op: 'const'; readonly value: number }
  | { readonly op: 'input' }
  | { readonly op: 'output' }
  | { readonly op: 'param'; readonly name: string }
  | { readonly op: 'uniform' }
  | { readonly op: UnaryOp; readonly args: readonly [NumNode] }
  | { readonly op: BinaryOp; readonly args: readonly [NumNode, NumNode] }
  | { readonly op: 'clamp'; readonly args: readonly [NumNode, NumNode, NumNode] }
  | { readonly op: 'select'; readonly cond: BoolNode; readonly args: readonly [NumNode, NumNode] };

/** A boolean expression; only `select` consumes one. */
export type BoolNode = { readonly op: CompareOp; readonly args: readonly [NumNode, NumNode] };

export type Node = NumNode | BoolNode;

export type LeafNode = Extract<NumNode, { op: 'const' | 'input' | 'output' | 'param' | 'uniform' }>;
export type UnaryNode = Extract<NumNode, { op: UnaryOp }>;
export type BinaryNode = Extract<NumNode, { op: BinaryOp }>;
export type ClampNode = Extract<NumNode, { op: 'clamp' }>;
export type SelectNode = Extract<NumNode, { op: 'select' }>;

const unarySet: ReadonlySet<string> = new Set(unaryOps);
const binarySet: ReadonlySet<string> = new Set(binaryOps);
const compareSet: ReadonlySet<string> = new Set(compareOps);

export const isUnaryOp = (op: string): op is UnaryOp => unarySet.has(op);
export const isBinaryOp = (op: string): op is BinaryOp => binarySet.has(op);
export const isCompareOp = (op: string): op is CompareOp => compareSet.has(op);

export function isBoolNode(node: Node): node is BoolNode {
  return isCompareOp(node.op);
}

/** Operands of a node in a fixed order, the condition of a `select` first. */
export function childrenOf(node: Node): readonly Node[] {
  if (node.op === 'select') return [node.cond, ...node.args];
  return 'args' in node ? node.args : [];
}

/** Every primitive name of the closed set, for docs and validation. */
export const primitiveNames: readonly string[] = [
  'const', 'input', 'output', 'param', 'uniform', ...unaryOps, ...binaryOps, 'clamp', ...compareOps, 'select',
];

/** A copy of `node` with every numeric operand (conditions' operands included) replaced by `operand(child)`. */
export function mapOperands(node: NumNode, operand: (child: NumNode) => NumNode): NumNode {
  switch (node.op) {
    case 'const':
    case 'input':
    case 'output':
    case 'param':
    case 'uniform':
      return node;
    case 'select':
      return {
        op: 'select',
        cond: { op: node.cond.op, args: [operand(node.cond.args[0]), operand(node.cond.args[1])] },
        args: [operand(node.args[0]), operand(node.args[1])],
      };
    case 'clamp':
      return { op: 'clamp', args: [operand(node.args[0]), operand(node.args[1]), operand(node.args[2])] };
    case 'neg':
    case 'abs':
    case 'exp':
    case 'expm1':
    case 'log':
    case 'log1p':
    case 'sqrt':
    case 'tanh':
    case 'sigmoid':
    case 'erf':
      return { op: node.op, args: [operand(node.args[0])] };
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
    case 'min':
    case 'max':
      return { op: node.op, args: [operand(node.args[0]), operand(node.args[1])] };
  }
}

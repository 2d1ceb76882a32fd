import type { BoolNode, NumNode } from '../ir/nodes.js';

/** The comparison with the input on the left: c > x is x < c. */
const flipped: Readonly<Record<BoolNode['op'], BoolNode['op']>> = { gt: 'lt', ge: 'le', lt: 'gt', le: 'ge', eq: 'eq' };

/**
 * Which branch of a select on `cond` sees only inputs x <= 0 (or NaN): 'true', 'false' or undefined.
 * That is the case when the condition compares the input with a constant c <= 0: the false branch
 * of x > c or x >= c, the true branch of x < c or x <= c.
 */
function nonPositiveBranch(cond: BoolNode): 'true' | 'false' | undefined {
  const [a, b] = cond.args;
  let op = cond.op;
  let constant: NumNode;
  if (a.op === 'input') constant = b;
  else if (b.op === 'input') {
    constant = a;
    op = flipped[op];
  } else return undefined;
  if (constant.op !== 'const' || !(constant.value <= 0)) return undefined;
  if (op === 'gt' || op === 'ge') return 'false';
  if (op === 'lt' || op === 'le') return 'true';
  return undefined;
}

/** Whether `node` is x, x / p, p * x or x * p for a factor p known to be positive: the sign of x. */
function hasSignOfInput(node: NumNode, positiveParams: ReadonlySet<string>): boolean {
  if (node.op === 'input') return true;
  const positive = (factor: NumNode): boolean => (factor.op === 'param' && positiveParams.has(factor.name)) || (factor.op === 'const' && factor.value > 0);
  if (node.op === 'div') return node.args[0].op === 'input' && positive(node.args[1]);
  if (node.op === 'mul') {
    const [a, b] = node.args;
    return (a.op === 'input' && positive(b)) || (b.op === 'input' && positive(a));
  }
  return false;
}

/**
 * The exp and expm1 nodes of `roots` whose argument has the sign of the input (x itself, or x
 * scaled by a positive constant or by a parameter in `positiveParams`) and whose every use lies in a
 * select branch where the input is <= 0 (or NaN): their other lanes are discarded, so they can be
 * computed without the upper clamp and with the cheaper scaling (the x <= 0 branches of ELU, SELU
 * and CELU).
 */
export function nonPositiveExponentials(roots: readonly NumNode[], positiveParams: ReadonlySet<string> = new Set()): Set<NumNode> {
  const seen = new Map<NumNode, Set<boolean>>();
  const visit = (node: NumNode, bounded: boolean): void => {
    const contexts = seen.get(node) ?? new Set<boolean>();
    if (contexts.has(bounded)) return;
    contexts.add(bounded);
    seen.set(node, contexts);
    if (node.op === 'select') {
      const branch = nonPositiveBranch(node.cond);
      node.cond.args.forEach((operand) => { visit(operand, bounded); });
      visit(node.args[0], bounded || branch === 'true');
      visit(node.args[1], bounded || branch === 'false');
      return;
    }
    if ('args' in node) (node.args as readonly NumNode[]).forEach((operand) => { visit(operand, bounded); });
  };
  roots.forEach((root) => { visit(root, false); });
  const result = new Set<NumNode>();
  for (const [node, contexts] of seen) {
    if ((node.op === 'exp' || node.op === 'expm1') && hasSignOfInput(node.args[0], positiveParams) && !contexts.has(false)) result.add(node);
  }
  return result;
}

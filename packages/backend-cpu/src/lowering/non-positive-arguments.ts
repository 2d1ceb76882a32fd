import type { BoolNode, NumNode } from '@rectify/activation-core';

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

/**
 * The exp and expm1 nodes of `roots` whose argument is the input and whose every use lies in a
 * select branch where the input is <= 0 (or NaN): their other lanes are discarded, so they can be
 * computed without the upper clamp and with the cheaper scaling (ELU's and SELU's x <= 0 branches).
 */
export function nonPositiveExponentials(roots: readonly NumNode[]): Set<NumNode> {
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
    if ((node.op === 'exp' || node.op === 'expm1') && node.args[0].op === 'input' && !contexts.has(false)) result.add(node);
  }
  return result;
}

import type { BinaryNode, Node, NumNode, UnaryNode } from '../ir/nodes.js';
import { childrenOf } from '../ir/nodes.js';

/** Whether b is -a: neg(a), or c u against -c u for a non-zero constant c (the product's rounding is symmetric). */
function isNegationOf(a: NumNode, b: NumNode): boolean {
  if (b.op === 'neg' && b.args[0] === a) return true;
  if (a.op === 'neg' && a.args[0] === b) return true;
  if (a.op !== 'mul' || b.op !== 'mul') return false;
  const splits = (node: BinaryNode): [number, NumNode][] =>
    [[node.args[0], node.args[1]] as const, [node.args[1], node.args[0]] as const].flatMap(([factor, rest]) => (factor.op === 'const' && factor.value !== 0 ? [[factor.value, rest] as [number, NumNode]] : []));
  return splits(a).some(([c, u]) => splits(b).some(([d, v]) => u === v && c === -d));
}

/**
 * The sigmoid nodes of `roots` (canonical, as prepareKernel leaves them) that come in pairs
 * sigmoid(u) and sigmoid(-u), each mapped to the other. A derivative writes sigmoid(u) (1 -
 * sigmoid(u)) as sigmoid(u) sigmoid(-u), which does not cancel; both share e^-|u| and 1 + e^-|u|, so a
 * backend computes the pair with one exponential.
 */
export function negatedSigmoidPairs(roots: readonly NumNode[]): Map<NumNode, NumNode> {
  const sigmoids: UnaryNode[] = [];
  const seen = new Set<Node>();
  const visit = (node: Node): void => {
    if (seen.has(node)) return;
    seen.add(node);
    if (node.op === 'sigmoid') sigmoids.push(node);
    childrenOf(node).forEach(visit);
  };
  roots.forEach(visit);
  const partners = new Map<NumNode, NumNode>();
  for (const [i, a] of sigmoids.entries()) {
    if (partners.has(a)) continue;
    const b = sigmoids.slice(i + 1).find((other) => !partners.has(other) && isNegationOf(a.args[0], other.args[0]));
    if (b === undefined) continue;
    partners.set(a, b);
    partners.set(b, a);
  }
  return partners;
}

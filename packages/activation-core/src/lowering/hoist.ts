import type { BoolNode, Node, NumNode } from '../ir/nodes.js';

/** How a value varies: fixed for the call, fixed per channel, or per element. */
export type Variation = 'call' | 'channel' | 'element';

const rank: Readonly<Record<Variation, number>> = { call: 0, channel: 1, element: 2 };
const widest = (a: Variation, b: Variation): Variation => (rank[a] >= rank[b] ? a : b);

/** A value computed once per call (or per channel) on the host in float64, then rounded to float32. */
export interface HoistedValue {
  readonly node: NumNode;
  readonly variation: 'call' | 'channel';
  /** True when it involves no parameter at all: it can be a literal in the generated code. */
  readonly literal: boolean;
}

export interface HoistPlan {
  readonly variation: ReadonlyMap<Node, Variation>;
  /** Maximal element-independent subexpressions that element-wise code consumes, in first-use order. */
  readonly hoisted: readonly HoistedValue[];
}

function childrenOf(node: Node): readonly Node[] {
  if (node.op === 'select') return [node.cond, ...node.args];
  return 'args' in node ? node.args : [];
}

/**
 * Splits expressions into element-wise work and hoisted values. `perChannel` names the parameters
 * given one value per channel in this call; `trainingDraws` says whether `uniform()` draws per
 * element (training) or is its mean 0.5 (evaluation).
 */
export function planHoisting(roots: readonly NumNode[], perChannel: ReadonlySet<string>, trainingDraws: boolean): HoistPlan {
  const variation = new Map<Node, Variation>();
  const usesParam = new Map<Node, boolean>();

  const visit = (node: Node): Variation => {
    const known = variation.get(node);
    if (known !== undefined) return known;
    let result: Variation;
    let param = false;
    switch (node.op) {
      case 'input':
      case 'output':
        result = 'element';
        break;
      case 'uniform':
        result = trainingDraws ? 'element' : 'call';
        break;
      case 'const':
        result = 'call';
        break;
      case 'param':
        result = perChannel.has(node.name) ? 'channel' : 'call';
        param = true;
        break;
      default:
        result = 'call';
        for (const child of childrenOf(node)) {
          result = widest(result, visit(child));
          param ||= usesParam.get(child) === true;
        }
    }
    variation.set(node, result);
    usesParam.set(node, param);
    return result;
  };
  roots.forEach(visit);

  const hoisted: HoistedValue[] = [];
  const seen = new Set<Node>();
  const hoist = (node: NumNode): void => {
    if (seen.has(node)) return;
    seen.add(node);
    const kind = variation.get(node);
    if (kind === 'call' || kind === 'channel') {
      hoisted.push({ node, variation: kind, literal: usesParam.get(node) !== true && node.op !== 'uniform' });
    }
  };
  const walk = (node: Node, visited: Set<Node>): void => {
    if (visited.has(node)) return;
    visited.add(node);
    if (variation.get(node) !== 'element') {
      if (isBool(node)) node.args.forEach(hoist);
      else hoist(node);
      return;
    }
    for (const child of childrenOf(node)) {
      if (variation.get(child) === 'element') walk(child, visited);
      else if (isBool(child)) child.args.forEach(hoist);
      else hoist(child);
    }
  };
  const visited = new Set<Node>();
  for (const root of roots) walk(root, visited);
  return { variation, hoisted };
}

function isBool(node: Node): node is BoolNode {
  // Comparisons are the only boolean nodes.
  return node.op === 'gt' || node.op === 'ge' || node.op === 'lt' || node.op === 'le' || node.op === 'eq';
}

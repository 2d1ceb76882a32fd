import type { ActivationDefinition } from '../definition/definition.js';
import { resolveParams } from '../definition/resolve-params.js';
import { evaluateExpression } from '../reference/evaluate-expression.js';
import { sub } from './builders.js';
import { containsOp } from '../analysis/analyze.js';
import type { Node, NumNode } from './nodes.js';
import { childrenOf } from './nodes.js';

/**
 * Inputs where the definition switches branch: each comparison, min, max or clamp between an
 * expression affine in x and one free of x contributes the x where both sides meet. Used to keep
 * finite-difference checks away from kinks and to mark kinks in plots.
 */
export function findKinks(definition: ActivationDefinition, params?: unknown): number[] {
  const resolved = resolveParams(definition, params);
  const crossing = (left: NumNode, right: NumNode): number | undefined => {
    if (containsOp(left, 'input') === containsOp(right, 'input')) return undefined;
    const difference = evaluateExpression(sub(left, right), {
      input: Float64Array.of(0, 1, 2),
      params: resolved,
      training: false,
      seed: 0,
      float32Uniforms: false,
    });
    const [at0 = Number.NaN, at1 = Number.NaN, at2 = Number.NaN] = difference;
    const slope = at1 - at0;
    if (!Number.isFinite(slope) || slope === 0 || Math.abs(at2 - at1 - slope) > 1e-9 * Math.max(1, Math.abs(slope))) return undefined;
    return -at0 / slope;
  };

  const kinks = new Set<number>();
  const seen = new Set<Node>();
  const stack: Node[] = [definition.forward];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined || seen.has(node)) continue;
    seen.add(node);
    stack.push(...childrenOf(node));
    const pairs: [NumNode, NumNode][] =
      node.op === 'clamp' ? [[node.args[0], node.args[1]], [node.args[0], node.args[2]]]
      : node.op === 'max' || node.op === 'min' || node.op === 'gt' || node.op === 'ge' || node.op === 'lt' || node.op === 'le' || node.op === 'eq' ? [[node.args[0], node.args[1]]]
      : [];
    for (const [left, right] of pairs) {
      const kink = crossing(left, right);
      if (kink !== undefined && Number.isFinite(kink)) kinks.add(kink === 0 ? 0 : kink);
    }
  }
  return [...kinks].sort((a, b) => a - b);
}

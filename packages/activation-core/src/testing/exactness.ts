import type { ActivationDefinition } from '../definition/definition.js';
import type { Node } from '../ir/nodes.js';
import { childrenOf } from '../ir/nodes.js';

const transcendental: ReadonlySet<string> = new Set(['exp', 'expm1', 'log', 'log1p', 'sqrt', 'tanh', 'sigmoid', 'erf']);
const rounding: ReadonlySet<string> = new Set(['add', 'sub', 'mul', 'div']);

/**
 * True when every output is produced by at most one rounding float32 operation on the input
 * (element-independent values are rounded once on the host). Then a float32 backend must match the
 * float64 reference rounded to float32 bit for bit: ReLU, Leaky/Parametric ReLU, ReLU6, Hardtanh, Threshold.
 */
export function isExactInFloat32(definition: ActivationDefinition, training = false): boolean {
  const varying = new Map<Node, boolean>();
  const roundings = new Map<Node, number>();
  const visit = (node: Node): void => {
    if (roundings.has(node)) return;
    const children = childrenOf(node);
    children.forEach(visit);
    const isVarying = node.op === 'input' || (node.op === 'uniform' && training) || children.some((child) => varying.get(child) === true);
    varying.set(node, isVarying);
    const below = Math.max(0, ...children.map((child) => roundings.get(child) ?? 0));
    roundings.set(node, below + (isVarying && rounding.has(node.op) ? 1 : 0));
  };
  visit(definition.forward);
  const hasTranscendental = [...varying].some(([node, isVarying]) => isVarying && transcendental.has(node.op));
  return !hasTranscendental && (roundings.get(definition.forward) ?? 0) <= 1;
}

import type { BoolNode, NumNode } from '../ir/nodes.js';
import type { ResolvedParams } from '../definition/resolve-params.js';
import { mapOperands } from '../ir/nodes.js';
import { simplify } from '../ir/simplify.js';
import { evaluateExpression } from '../reference/evaluate-expression.js';

/** Result of fixing every `select` whose condition depends on call-level values only. */
export interface Specialized {
  readonly roots: readonly NumNode[];
  /** One character per decided condition, in visiting order: part of the kernel cache key. */
  readonly decisions: string;
}

const dependsOnElement = (node: NumNode | BoolNode, perChannel: ReadonlySet<string>, trainingDraws: boolean, memo: Map<object, boolean>): boolean => {
  const known = memo.get(node);
  if (known !== undefined) return known;
  let result: boolean;
  switch (node.op) {
    case 'input':
    case 'output':
      result = true;
      break;
    case 'uniform':
      result = trainingDraws;
      break;
    case 'param':
      result = perChannel.has(node.name);
      break;
    case 'const':
      result = false;
      break;
    case 'select':
      result = [node.cond, ...node.args].some((child) => dependsOnElement(child, perChannel, trainingDraws, memo));
      break;
    default:
      result = node.args.some((child: NumNode) => dependsOnElement(child, perChannel, trainingDraws, memo));
  }
  memo.set(node, result);
  return result;
};

/**
 * Replaces each `select` whose condition involves only constants and scalar parameters by the branch
 * it takes for this call (an enumerated parameter picking one formula, say). Kernels are cached per decision
 * string, so a parameter value never leads to a new kernel, only a different branch outcome can.
 */
export function specializeSelects(roots: readonly NumNode[], params: ResolvedParams, perChannel: ReadonlySet<string>, trainingDraws: boolean): Specialized {
  const memo = new Map<object, boolean>();
  const rewritten = new Map<NumNode, NumNode>();
  let decisions = '';

  const decide = (cond: BoolNode): boolean => {
    const [left, right] = cond.args;
    const environment = { input: new Float64Array(1), params, training: false, seed: 0, float32Uniforms: true };
    const a = evaluateExpression(left, environment)[0] ?? Number.NaN;
    const b = evaluateExpression(right, environment)[0] ?? Number.NaN;
    switch (cond.op) {
      case 'gt': return a > b;
      case 'ge': return a >= b;
      case 'lt': return a < b;
      case 'le': return a <= b;
      case 'eq': return a === b;
    }
  };

  const visit = (node: NumNode): NumNode => {
    const cached = rewritten.get(node);
    if (cached !== undefined) return cached;
    let result: NumNode;
    if (node.op === 'select' && !dependsOnElement(node.cond, perChannel, trainingDraws, memo) && !node.cond.args.some((arg) => dependsOnElement(arg, perChannel, trainingDraws, memo))) {
      const taken = decide(node.cond);
      decisions += taken ? 't' : 'f';
      result = visit(taken ? node.args[0] : node.args[1]);
    } else {
      result = mapOperands(node, visit);
    }
    rewritten.set(node, result);
    return result;
  };

  const specialized = roots.map((root) => simplify(visit(root)));
  return { roots: specialized, decisions };
}

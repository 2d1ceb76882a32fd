import type { ActivationDefinition } from '../definition/definition.js';
import { differentiate } from '../ir/differentiate.js';
import type { Node, NumNode } from '../ir/nodes.js';
import { childrenOf } from '../ir/nodes.js';
import { simplify } from '../ir/simplify.js';

/** What every backend lowers: simplified forward and derivative expressions, computed once per definition. */
export interface ActivationAnalysis {
  readonly forward: NumNode;
  /** d/dx as backends use it: the author's derivative when given (it fixes kink conventions), else the derived one. */
  readonly derivative: NumNode;
  /** d/dx derived from `forward` by the differentiation rules. */
  readonly derivedDerivative: NumNode;
  /** d/dx for a backward pass given the saved output: the author's form without x when given, else `derivative`. */
  readonly derivativeFromOutput: NumNode;
  /** Whether `derivative` refers to the output y (so backward needs the forward value). */
  readonly derivativeUsesOutput: boolean;
  /** d/dparam for every parameter: the author's when given, else derived. */
  readonly paramDerivatives: Readonly<Record<string, NumNode>>;
  readonly derivedParamDerivatives: Readonly<Record<string, NumNode>>;
  readonly paramDerivativeUsesOutput: Readonly<Record<string, boolean>>;
  /** Whether `uniform()` appears, i.e. training mode draws random numbers (RReLU). */
  readonly usesUniform: boolean;
  /** Names of parameters with `learnable: true`. */
  readonly learnableParams: readonly string[];
}

/** Whether `root` uses `op`, or any of a set of ops. */
export function containsOp(root: Node, op: string | ReadonlySet<string>): boolean {
  const matches = typeof op === 'string' ? (candidate: string) => candidate === op : (candidate: string) => op.has(candidate);
  const seen = new Set<Node>();
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined || seen.has(node)) continue;
    if (matches(node.op)) return true;
    seen.add(node);
    stack.push(...childrenOf(node));
  }
  return false;
}

const cache = new WeakMap<ActivationDefinition, ActivationAnalysis>();

export function analyze(definition: ActivationDefinition): ActivationAnalysis {
  const cached = cache.get(definition);
  if (cached !== undefined) return cached;
  const names = Object.keys(definition.params);
  const derivedDerivative = differentiate(definition.forward, { kind: 'input' });
  const derivative = definition.derivative === undefined ? derivedDerivative : simplify(definition.derivative, { assumeFinite: true });
  const derivedParamDerivatives = Object.fromEntries(names.map((name) => [name, differentiate(definition.forward, { kind: 'param', name })]));
  const paramDerivatives = Object.fromEntries(
    names.map((name) => {
      const explicit = definition.paramDerivatives[name];
      return [name, explicit === undefined ? derivedParamDerivatives[name] : simplify(explicit, { assumeFinite: true })];
    }),
  ) as Record<string, NumNode>;
  const analysis: ActivationAnalysis = Object.freeze({
    forward: simplify(definition.forward),
    derivative,
    derivativeFromOutput: definition.derivativeFromOutput === undefined ? derivative : simplify(definition.derivativeFromOutput, { assumeFinite: true }),
    derivedDerivative,
    derivativeUsesOutput: containsOp(derivative, 'output'),
    paramDerivatives,
    derivedParamDerivatives,
    paramDerivativeUsesOutput: Object.fromEntries(names.map((name) => [name, containsOp(paramDerivatives[name] ?? derivative, 'output')])),
    usesUniform: containsOp(definition.forward, 'uniform'),
    learnableParams: names.filter((name) => definition.params[name]?.learnable === true),
  });
  cache.set(definition, analysis);
  return analysis;
}

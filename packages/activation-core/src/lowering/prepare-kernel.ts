import type { ActivationDefinition } from '../definition/definition.js';
import { positiveParamNames } from '../definition/param-spec.js';
import type { ResolvedParams } from '../definition/resolve-params.js';
import type { NumNode } from '../ir/nodes.js';
import { analyze, containsOp } from '../analysis/analyze.js';
import { Interner } from '../ir/interner.js';
import { mapOperands } from '../ir/nodes.js';
import { simplify } from '../ir/simplify.js';
import type { HoistPlan } from './hoist.js';
import { planHoisting } from './hoist.js';
import { nonPositiveExponentials } from './non-positive-exponentials.js';
import { specializeSelects } from './specialize.js';

export type KernelKind = 'forward' | 'backward';

/** How a backward kernel differs from the plain one; forward kernels ignore both. */
export interface BackwardVariant {
  /** Read the saved forward output y where a derivative is written in terms of it, instead of recomputing it. */
  readonly fromOutput?: boolean;
  /** Compute the gradients of learnable parameters; true by default. False: df/dx alone. */
  readonly paramGradients?: boolean;
}

/** Everything about a kernel that does not depend on the data: the IR to lower and its cache key. */
export interface PreparedKernel {
  readonly key: string;
  readonly kind: KernelKind;
  readonly roots: readonly NumNode[];
  readonly plan: HoistPlan;
  /** Learnable parameters whose gradients backward accumulates, in root order after df/dx (none when not asked for). */
  readonly gradientParams: readonly string[];
  /**
   * Backward only: the roots read the forward output y (an `output` node) from a second input
   * array instead of recomputing it. True only when it was asked for and some derivative is written
   * in terms of y.
   */
  readonly readsOutput: boolean;
  /** Whether the roots read the input x: false for a derivative written in y alone (backward from a saved output). */
  readonly readsInput: boolean;
  /**
   * The exp and expm1 nodes of the roots whose value is used only where x <= 0 or x is NaN (ELU's,
   * SELU's and CELU's negative branch): backends may compute them without an upper clamp and with a
   * cheaper power of two, and leave the other lanes unspecified.
   */
  readonly nonPositiveExponentials: ReadonlySet<NumNode>;
}

/** Replaces the output y by the forward expression, so backward recomputes it instead of reading it. */
function substituteOutput(root: NumNode, forward: NumNode): NumNode {
  const memo = new Map<NumNode, NumNode>();
  const visit = (node: NumNode): NumNode => {
    if (node.op === 'output') return forward;
    const known = memo.get(node);
    if (known !== undefined) return known;
    const result = mapOperands(node, visit);
    memo.set(node, result);
    return result;
  };
  return visit(root);
}

/** Canonicalises several roots through one interner, so subexpressions shared between them are computed once. */
function shareAcross(roots: readonly NumNode[]): NumNode[] {
  const interner = new Interner();
  const memo = new Map<NumNode, NumNode>();
  const visit = (node: NumNode): NumNode => {
    const known = memo.get(node);
    if (known !== undefined) return known;
    const result = interner.canonical(mapOperands(node, visit));
    memo.set(node, result);
    return result;
  };
  return roots.map(visit);
}

/**
 * The IR of one kernel. `variant.fromOutput` (backward only) asks for derivatives written in terms of
 * the output to read y rather than recompute it, preferring the definition's `derivativeFromOutput`;
 * definitions without such a derivative ignore it. `variant.paramGradients: false` leaves out the
 * learnable parameters' gradients.
 */
export function prepareKernel(definition: ActivationDefinition, kind: KernelKind, params: ResolvedParams, training: boolean, variant: BackwardVariant = {}): PreparedKernel {
  const analysis = analyze(definition);
  const perChannel = new Set(Object.entries(params).filter(([, value]) => value.kind === 'channel').map(([name]) => name));
  const trainingDraws = training && analysis.usesUniform;
  const fromOutput = variant.fromOutput === true;
  const withoutParamGradients = kind === 'backward' && variant.paramGradients === false && analysis.learnableParams.length > 0;
  const gradientParams = kind === 'backward' && !withoutParamGradients ? analysis.learnableParams : [];
  const derivative = kind === 'backward' && fromOutput ? analysis.derivativeFromOutput : analysis.derivative;
  const backwardRoots = [derivative, ...gradientParams.map((name) => analysis.paramDerivatives[name] ?? derivative)];
  const readsOutput = kind === 'backward' && fromOutput && backwardRoots.some((root) => containsOp(root, 'output'));
  const rawRoots =
    kind === 'forward'
      ? [analysis.forward]
      : backwardRoots.map((root) => simplify(readsOutput ? root : substituteOutput(root, analysis.forward), { assumeFinite: true }));
  const specialized = specializeSelects(rawRoots, params, perChannel, trainingDraws);
  const roots = shareAcross(specialized.roots);
  const plan = planHoisting(roots, perChannel, trainingDraws);
  const key = [
    kind,
    trainingDraws ? 'train' : 'eval',
    [...perChannel].sort().join(','),
    specialized.decisions,
    ...(readsOutput ? ['y'] : []),
    ...(withoutParamGradients ? ['dx'] : []),
  ].join('|');
  const readsInput = kind === 'forward' || roots.some((root) => containsOp(root, 'input'));
  const nonPositive = nonPositiveExponentials(roots, positiveParamNames(definition.params));
  return { key, kind, roots, plan, gradientParams, readsOutput, readsInput, nonPositiveExponentials: nonPositive };
}

import type { BinaryNode, BinaryOp, BoolNode, NumNode, UnaryOp } from '../ir/nodes.js';
import { erfc } from '../math/erf.js';
import { applyBinary, applyCompare, applyUnary, sigmoid } from '../math/scalar-ops.js';

/** The primitives that round: IEEE arithmetic, sqrt, and the transcendental functions backends approximate (erfc for `1 - erf`). */
export const roundingOps = ['add', 'sub', 'mul', 'div', 'sqrt', 'exp', 'expm1', 'log', 'log1p', 'tanh', 'sigmoid', 'erf', 'erfc'] as const;
export type RoundingOp = (typeof roundingOps)[number];

/**
 * A backend's stated accuracy per primitive, in float32 ulps from the correctly rounded result (the
 * convention of `ulpDistance` and of the backend READMEs): 0 for a correctly rounded operation.
 */
export type OpUlpBounds = Readonly<Record<RoundingOp, number>>;

/** Every primitive correctly rounded: float64 evaluation rounded to float32 (the reference backend). */
export const correctlyRounded: OpUlpBounds = Object.freeze({
  add: 0, sub: 0, mul: 0, div: 0, sqrt: 0, exp: 0, expm1: 0, log: 0, log1p: 0, tanh: 0, sigmoid: 0, erf: 0, erfc: 0,
});

/**
 * Where first-order analysis is trusted: intermediates of magnitude in [2^-100, 2^100] (or exactly 0).
 * Below, float32 results are denormal or flushed (WGSL allows flushing); above, they overflow soon.
 */
export const float32NormalRange = { min: 2 ** -100, max: 2 ** 100 } as const;

/**
 * Largest relative change of an operation's slope across its operand's error (curvature times the
 * error bound) for which the first-order bound is used; beyond it the point is ambiguous
 * ("conditioning"): log of an operand known only to 10%, say.
 */
export const secondOrderLimit = 2 ** -12;

/**
 * What `withinBound` allows beyond the first-order bound, for the second-order terms it neglects:
 * with every slope stable to `secondOrderLimit`, they stay far below 1/16 of the bound along any
 * chain of a few dozen operations.
 */
export const boundSlack = 1 / 16;

/** Why a point is skipped: a branch decision or a non-linear step the error could change. */
export type AmbiguityReason = 'comparison' | 'range' | 'conditioning' | 'sign';

export interface ErrorBoundOptions {
  /** The backend's stated per-primitive bounds. */
  readonly ulps: OpUlpBounds;
  /** Parameter values (float64; backends round them to float32, which counts as representation error). */
  readonly params?: Readonly<Record<string, number>>;
  /**
   * Sums may be evaluated in any order (WGSL: "an implementation may reassociate operations"; Mesa
   * does). Then a chain of `add`/`sub`/`neg` over terms t_1..t_k is bounded as a k-term sum in any
   * association: Σ E_i + (k - 1) (ulps.add + 1/2) 2^-23 Σ |t_i|. False by default.
   */
  readonly reassociation?: boolean;
}

/** Per input: the float64 value (as `evaluateExpression` computes it), its error bound, and whether the point is ambiguous. */
export interface ErrorBounds {
  readonly values: Float64Array;
  readonly bounds: Float64Array;
  readonly ambiguous: readonly (AmbiguityReason | undefined)[];
}

const COMPARISON = 1;
const RANGE = 2;
const CONDITIONING = 3;
const SIGN = 4;
const reasonOf: readonly (AmbiguityReason | undefined)[] = [undefined, 'comparison', 'range', 'conditioning', 'sign'];

interface Column {
  readonly v: Float64Array;
  readonly e: Float64Array;
  readonly f: Uint8Array;
}

const twoOverSqrtPi = 2 / Math.sqrt(Math.PI);

/** A finite non-zero magnitude outside the float32 normal range used for analysis. */
const outOfRange = (value: number): boolean => {
  const magnitude = Math.abs(value);
  return magnitude !== 0 && Number.isFinite(magnitude) && (magnitude < float32NormalRange.min || magnitude > float32NormalRange.max);
};

/** |f'(a)| and the curvature |f''/f'| (a bound on it near a), for the rounding unary primitives. */
function slopeOf(op: UnaryOp | 'erfc', a: number, value: number): readonly [number, number] {
  switch (op) {
    case 'exp':
      return [value, 1];
    case 'expm1':
      return [Math.exp(a), 1];
    case 'log':
      return [1 / a, 1 / a];
    case 'log1p':
      return [1 / (1 + a), 1 / (1 + a)];
    case 'sqrt':
      return [0.5 / value, 0.5 / a];
    case 'tanh':
      return [4 * sigmoid(2 * a) * sigmoid(-2 * a), 2];
    case 'sigmoid':
      return [sigmoid(a) * sigmoid(-a), 1];
    case 'erf':
    case 'erfc':
      return [twoOverSqrtPi * Math.exp(-a * a), 1 + 2 * Math.abs(a)];
    case 'neg':
    case 'abs':
      return [1, 0];
  }
}

/** |a - b| <= ea + eb with some error at all: the float32 operands might compare either way. */
const undecided = (a: number, ea: number, b: number, eb: number): boolean => ea + eb > 0 && Math.abs(a - b) <= ea + eb;

/** The sign (or zero-ness) of a finite operand is not certain. */
const signUncertain = (value: number, error: number): boolean => error > 0 && Math.abs(value) <= error;

/**
 * Bound of min or max: the chosen operand's where the comparison is decided, else the larger bound
 * (both are 1-Lipschitz in each operand, so a kink within the error needs no skip).
 */
function lipschitz(a: number, ea: number, b: number, eb: number, value: number): number {
  if (ea + eb === 0) return 0;
  if (!undecided(a, ea, b, eb)) return Object.is(value, a) || value === a ? ea : eb;
  return Math.max(ea, eb);
}

/**
 * Evaluates `expression` in float64 at every input and, alongside, a first-order bound on the error
 * of any float32 evaluation in which each primitive meets its stated bound:
 *
 * - a constant or parameter c: E = |fround(c) - c| (backends round them, or hoisted expressions of
 *   them, to float32); the input x (float32 already): E = 0;
 * - a primitive op with operands a_i and exact value v = op(a):
 *   E = Σ_i |∂op/∂a_i| · E_i + (ulps[op] + 1/2) · 2^-23 · |v|,
 *   the last term being the op's own error: within `ulps[op]` ulps of the correctly rounded result,
 *   itself within half an ulp, and one float32 ulp of v is at most 2^-23 |v| for normal v (so a
 *   correctly rounded op adds 2^-24 |v|; at v = 0 an ulp is 2^-149 instead). `mul` adds the
 *   second-order term E_a E_b exactly;
 * - `neg`, `abs` are exact (E = E_a); `min`, `max`, `clamp` take the chosen operand's bound, or the
 *   larger bound where the comparison is within the errors (they are 1-Lipschitz); `select` takes
 *   the chosen branch's bound;
 * - `1 ± erf(t)` and `1 ± tanh(t)` (with a constant that is 1 in float32), which backends may compute
 *   as erfc(∓t) and 2 sigmoid(±2t): the larger of that form's bound and the naive one.
 *
 * A point is ambiguous, and skipped by `withinBound` callers, where the first-order bound says
 * nothing: a `select` comparison within the operands' accumulated error ("comparison"); an
 * intermediate (on a path the result depends on) of magnitude outside `float32NormalRange` other
 * than 0, or infinite from finite operands ("range"); a slope that changes by more than
 * `secondOrderLimit` across the operand's error, which includes log, sqrt and division near 0
 * ("conditioning"); a NaN domain boundary (log, sqrt, log1p) or a sign deciding an infinite or zero
 * result within the error ("sign"). NaN from clear domain errors and infinities from infinite
 * inputs propagate with bound 0: they must be reproduced exactly.
 */
export function errorBounds(expression: NumNode, inputs: ArrayLike<number>, options: ErrorBoundOptions): ErrorBounds {
  const n = inputs.length;
  const { ulps } = options;
  const params = options.params ?? {};
  /** An op's own error at value v: (ulps + 1/2) ulps of v, an ulp being at most 2^-23 |v| for normal v and 2^-149 at 0. */
  const own = (op: RoundingOp, value: number): number => (ulps[op] + 0.5) * Math.max(2 ** -23 * Math.abs(value), 2 ** -149);
  const memo = new Map<NumNode, Column>();
  const column = (): { v: Float64Array; e: Float64Array; f: Uint8Array } => ({ v: new Float64Array(n), e: new Float64Array(n), f: new Uint8Array(n) });

  const fill = (value: number): Column => {
    const result = column();
    const error = Math.abs(Math.fround(value) - value);
    const flag = outOfRange(value) ? RANGE : 0;
    result.v.fill(value);
    result.e.fill(error);
    result.f.fill(flag);
    return result;
  };

  const unary = (op: UnaryOp, a: Column): Column => {
    const result = column();
    for (let i = 0; i < n; i++) {
      const av = a.v[i] ?? Number.NaN;
      const ae = a.e[i] ?? 0;
      let flag = a.f[i] ?? 0;
      const value = applyUnary(op, av);
      let error = 0;
      if (flag === 0 && Number.isFinite(av)) {
        if (op === 'neg' || op === 'abs') {
          error = ae;
        } else if (Number.isNaN(value)) {
          // A domain error (log, sqrt below 0, log1p below -1): NaN, unless the operand might lie on the other side.
          if (signUncertain(op === 'log1p' ? av + 1 : av, ae)) flag = SIGN;
        } else if (!Number.isFinite(value)) {
          flag = RANGE;
        } else {
          const [slope, curvature] = slopeOf(op, av, value);
          if (ae > 0) {
            if (!(Math.abs(curvature) * ae <= secondOrderLimit)) flag = CONDITIONING;
            error = Math.abs(slope) * ae;
          }
          error += own(op, value);
          if (outOfRange(value)) flag = RANGE;
        }
      }
      result.v[i] = value;
      result.e[i] = error;
      result.f[i] = flag;
    }
    return result;
  };

  const binary = (op: BinaryOp, a: Column, b: Column): Column => {
    const result = column();
    for (let i = 0; i < n; i++) {
      const av = a.v[i] ?? Number.NaN;
      const bv = b.v[i] ?? Number.NaN;
      const ae = a.e[i] ?? 0;
      const be = b.e[i] ?? 0;
      let flag = a.f[i] || b.f[i] || 0;
      const value = applyBinary(op, av, bv);
      let error = 0;
      if (flag !== 0 || Number.isNaN(av) || Number.isNaN(bv)) {
        // NaN operands propagate exactly.
      } else if (!Number.isFinite(av) || !Number.isFinite(bv)) {
        // An infinite operand: the result is infinite, NaN or a limit, exact as long as the finite operand's sign is certain where it matters.
        if (op === 'mul' && (signUncertain(av, ae) || signUncertain(bv, be))) flag = SIGN;
        if (op === 'div' && (Number.isFinite(av) ? signUncertain(av, ae) : signUncertain(bv, be))) flag = SIGN;
        if ((op === 'min' || op === 'max') && Number.isFinite(value)) error = Number.isFinite(av) ? ae : be;
      } else {
        switch (op) {
          case 'add':
          case 'sub':
            error = ae + be + own(op, value);
            break;
          case 'mul':
            error = Math.abs(bv) * ae + Math.abs(av) * be + ae * be + own(op, value);
            break;
          case 'div':
            if (bv === 0) {
              flag = RANGE;
            } else {
              if (!(2 * be <= secondOrderLimit * Math.abs(bv))) flag = CONDITIONING;
              error = ae / Math.abs(bv) + (Math.abs(av) * be) / (bv * bv) + own(op, value);
            }
            break;
          case 'min':
          case 'max':
            error = lipschitz(av, ae, bv, be, value);
            break;
        }
        if (!Number.isFinite(value) || outOfRange(value)) flag = RANGE;
      }
      result.v[i] = value;
      result.e[i] = error;
      result.f[i] = flag;
    }
    return result;
  };

  /** Where backends compute 1 ± g(t) stably: the constant that is 1 in float32, g, t and the sign of g. */
  const stableForm = (node: NumNode): { one: NumNode; g: 'erf' | 'tanh'; t: NumNode; sign: 1 | -1 } | undefined => {
    if (node.op !== 'add' && node.op !== 'sub') return undefined;
    const isOne = (operand: NumNode): boolean => operand.op === 'const' && Math.fround(operand.value) === 1;
    const unwrap = (start: NumNode, startSign: 1 | -1): { g: 'erf' | 'tanh'; t: NumNode; sign: 1 | -1 } | undefined => {
      let other = start;
      let sign = startSign;
      while (other.op === 'neg') {
        other = other.args[0];
        sign = sign === 1 ? -1 : 1;
      }
      return other.op === 'erf' || other.op === 'tanh' ? { g: other.op, t: other.args[0], sign } : undefined;
    };
    const [left, right] = node.args;
    const fromLeft = isOne(left) ? unwrap(right, node.op === 'add' ? 1 : -1) : undefined;
    if (fromLeft !== undefined) return { one: left, ...fromLeft };
    const fromRight = node.op === 'add' && isOne(right) ? unwrap(left, 1) : undefined;
    return fromRight === undefined ? undefined : { one: right, ...fromRight };
  };

  /** The reference's value of 1 ± g(t), where `evaluateExpression` uses the stable form (the constant exactly 1). */
  const stableValue = (node: NumNode): ((index: number) => number) | undefined => {
    if (node.op !== 'add' && node.op !== 'sub') return undefined;
    const [left, right] = node.args;
    const exactOne = (operand: NumNode): boolean => operand.op === 'const' && operand.value === 1;
    const form = stableForm(node);
    if (form === undefined) return undefined;
    const usesForm = exactOne(left) ? form.one === left : node.op === 'add' && exactOne(right) && form.one === right;
    if (!usesForm) return undefined;
    const t = visit(form.t);
    return form.g === 'erf'
      ? (index) => erfc(-form.sign * (t.v[index] ?? Number.NaN))
      : (index) => 2 * sigmoid(2 * form.sign * (t.v[index] ?? Number.NaN));
  };

  /** The terms of the add/sub/neg chain under `node` (a stable 1 ± g(t) counts as one term). */
  const chainTerms = (node: NumNode): NumNode[] => {
    const terms: NumNode[] = [];
    const stack: NumNode[] = [node];
    while (stack.length > 0) {
      const current = stack.pop();
      if (current === undefined) break;
      if (current.op === 'neg') stack.push(current.args[0]);
      else if ((current.op === 'add' || current.op === 'sub') && (current === node || stableForm(current) === undefined)) stack.push(...current.args);
      else terms.push(current);
    }
    return terms;
  };

  /** The reassociation bound of a chain, replacing the left-to-right bound where it is larger. */
  const reassociate = (node: NumNode, result: Column): void => {
    const terms = chainTerms(node).map(visit);
    if (terms.length < 3) return;
    const rounding = (terms.length - 1) * (Math.max(ulps.add, ulps.sub) + 0.5) * 2 ** -23;
    for (let i = 0; i < n; i++) {
      if (result.f[i] !== 0 || !Number.isFinite(result.v[i] ?? Number.NaN)) continue;
      let errors = 0;
      let magnitudes = 0;
      for (const term of terms) {
        errors += term.e[i] ?? 0;
        magnitudes += Math.abs(term.v[i] ?? 0);
      }
      result.e[i] = Math.max(result.e[i] ?? 0, errors + rounding * magnitudes + (terms.length - 1) * (Math.max(ulps.add, ulps.sub) + 0.5) * 2 ** -149);
    }
  };

  const addOrSub = (node: BinaryNode, op: 'add' | 'sub'): Column => {
    const naive = binary(op, visit(node.args[0]), visit(node.args[1]));
    if (options.reassociation === true) reassociate(node, naive);
    const form = stableForm(node);
    if (form === undefined) return naive;
    const value = stableValue(node);
    const t = visit(form.t);
    const one = visit(form.one);
    const stableOp: RoundingOp = form.g === 'erf' ? 'erfc' : 'sigmoid';
    for (let i = 0; i < n; i++) {
      if (value !== undefined) naive.v[i] = value(i);
      const v = naive.v[i] ?? Number.NaN;
      const tv = t.v[i] ?? Number.NaN;
      if (naive.f[i] !== 0 || !Number.isFinite(tv) || !Number.isFinite(v)) continue;
      const [slope] = slopeOf(form.g, tv, v);
      const alternative = slope * (t.e[i] ?? 0) + own(stableOp, v) + (one.e[i] ?? 0);
      naive.e[i] = Math.max(naive.e[i] ?? 0, alternative);
      if (outOfRange(v)) naive.f[i] = RANGE;
    }
    return naive;
  };

  const select = (cond: BoolNode, whenTrue: Column, whenFalse: Column): Column => {
    const a = visit(cond.args[0]);
    const b = visit(cond.args[1]);
    const result = column();
    for (let i = 0; i < n; i++) {
      const av = a.v[i] ?? Number.NaN;
      const bv = b.v[i] ?? Number.NaN;
      const chosen = applyCompare(cond.op, av, bv) ? whenTrue : whenFalse;
      let flag = a.f[i] || b.f[i] || 0;
      if (flag === 0 && Number.isFinite(av) && Number.isFinite(bv) && undecided(av, a.e[i] ?? 0, bv, b.e[i] ?? 0)) flag = COMPARISON;
      result.v[i] = chosen.v[i] ?? Number.NaN;
      result.e[i] = chosen.e[i] ?? 0;
      result.f[i] = flag || (chosen.f[i] ?? 0);
    }
    return result;
  };

  const compute = (node: NumNode): Column => {
    switch (node.op) {
      case 'const':
        return fill(node.value);
      case 'param': {
        const value = params[node.name];
        if (value === undefined) throw new Error(`errorBounds: no value for parameter ${node.name}`);
        return fill(value);
      }
      case 'input': {
        const result = column();
        for (let i = 0; i < n; i++) {
          const value = inputs[i] ?? Number.NaN;
          result.v[i] = value;
          result.f[i] = outOfRange(value) ? RANGE : 0;
        }
        return result;
      }
      case 'uniform':
        // Evaluation mode: the mean 0.5, exact.
        return fill(0.5);
      case 'output':
        throw new Error('errorBounds: substitute the output y by the forward expression first');
      case 'clamp': {
        const [value, low, high] = node.args;
        return binary('min', binary('max', visit(value), visit(low)), visit(high));
      }
      case 'select':
        return select(node.cond, visit(node.args[0]), visit(node.args[1]));
      case 'add':
      case 'sub':
        return addOrSub(node, node.op);
      case 'mul':
      case 'div':
      case 'min':
      case 'max':
        return binary(node.op, visit(node.args[0]), visit(node.args[1]));
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
        return unary(node.op, visit(node.args[0]));
    }
  };

  function visit(node: NumNode): Column {
    const known = memo.get(node);
    if (known !== undefined) return known;
    const result = compute(node);
    memo.set(node, result);
    return result;
  }

  const root = visit(expression);
  return { values: Float64Array.from(root.v), bounds: Float64Array.from(root.e), ambiguous: Array.from(root.f, (flag) => reasonOf[flag]) };
}

/** `errorBounds` at one input. */
export function errorBoundAt(expression: NumNode, input: number, options: ErrorBoundOptions): { readonly value: number; readonly bound: number; readonly ambiguous: AmbiguityReason | undefined } {
  const { values, bounds, ambiguous } = errorBounds(expression, [input], options);
  return { value: values[0] ?? Number.NaN, bound: bounds[0] ?? Number.NaN, ambiguous: ambiguous[0] };
}

/**
 * The check at a point that is not ambiguous: NaN where the reference is NaN, the same infinity
 * where it is infinite, and otherwise within `bound` (times 1 + `boundSlack`) of it.
 */
export function withinBound(actual: number, reference: number, bound: number): boolean {
  if (Number.isNaN(reference)) return Number.isNaN(actual);
  if (!Number.isFinite(reference)) return actual === reference;
  return Math.abs(actual - reference) <= bound * (1 + boundSlack);
}

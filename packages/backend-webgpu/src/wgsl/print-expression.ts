import type { BoolNode, HoistPlan, NumNode, SlotLayout } from '@rectify/activation-core';
import { cubicCoefficients, inputScale, isBoundedCubic, isOneHalf, minusSquareScale, negatedSigmoidPairs } from '@rectify/activation-core';
import { ERFC_MAX, floatKey, helperNames, sigmoidCubicArguments } from './helpers.js';
import type { WgslTypes } from './types.js';
import { floatLiteral } from './types.js';

/** WGSL statements computing the element-wise part of some roots, and the expression of each root. */
export interface PrintedExpressions {
  readonly statements: readonly string[];
  readonly roots: readonly string[];
}

const compareOperator = { gt: '>', ge: '>=', lt: '<', le: '<=', eq: '==' } as const satisfies Readonly<Record<BoolNode['op'], string>>;
/** The comparison with its operands swapped: 0 < x is x > 0. */
const mirrored = { gt: 'lt', ge: 'le', lt: 'gt', le: 'ge', eq: 'eq' } as const satisfies Readonly<Record<BoolNode['op'], BoolNode['op']>>;
const arithmeticOperator = { add: '+', sub: '-', mul: '*', div: '/' } as const;

/**
 * `c` when c^2, rounded to float32, is a power of two within 2^-40 of the exact square (so q x^2 is
 * formed exactly from the split of x), else undefined.
 */
function squareIsPowerOfTwo(c: number | undefined): number | undefined {
  if (c === undefined || c === 0 || !Number.isFinite(c)) return undefined;
  const q = Math.fround(c * c);
  const exponent = Math.log2(q);
  return Number.isInteger(exponent) && Math.abs(q - c * c) <= c * c * 2 ** -40 ? c : undefined;
}

/** Names in scope beyond the fixed ones. */
export interface PrintScope {
  /** The forward output y, of the value type, where the roots read it (backward from a saved output). */
  readonly output?: string;
  /** Whether the caller stores each root as it is (a forward kernel), rather than computing with it. */
  readonly rootsStored?: boolean;
  /** Exponentials whose lanes with x > 0 are discarded (PreparedKernel.nonPositiveExponentials). */
  readonly nonPositiveExponentials?: ReadonlySet<NumNode>;
}

/**
 * The nodes every use of which is a branch of a select (or, when `rootsStored`, a stored root): their
 * value only moves, never meets another operand in an expression a compiler could rewrite.
 */
function onlyMoved(roots: readonly NumNode[], rootsStored: boolean): Set<NumNode> {
  const moved = new Map<NumNode, boolean>();
  const visited = new Set<NumNode>();
  const use = (node: NumNode, asBranch: boolean): void => {
    moved.set(node, (moved.get(node) ?? true) && asBranch);
    if (visited.has(node)) return;
    visited.add(node);
    if (node.op === 'select') {
      for (const operand of node.cond.args) use(operand, false);
      for (const branch of node.args) use(branch, true);
    } else if ('args' in node) {
      for (const operand of node.args) use(operand, false);
    }
  };
  for (const root of roots) use(root, rootsStored);
  return new Set([...moved].filter(([, value]) => value).map(([node]) => node));
}

/**
 * Prints `roots` for one kernel, given names in scope: `x` (the input, of the value type), `idx`
 * (element indices) and `ch` (channel indices, when some value is per channel), the uniform block `u`
 * and the per-channel storage `chan`, and `scope.output` for y. The same text serves scalars and
 * vectors: every constant is built with the value type's constructor (a splat for vectors). Each
 * node is computed once.
 */
export function printExpressions(roots: readonly NumNode[], plan: HoistPlan, slots: SlotLayout, types: WgslTypes, scope: PrintScope = {}): PrintedExpressions {
  // A cubic whose sigmoid is needed at +v and -v (GELU's tanh form's derivative) is printed again with one pair for both.
  const first = printWith(roots, plan, slots, types, scope, new Set());
  return first.cubicsOfBothSigns.size === 0 ? first.printed : printWith(roots, plan, slots, types, scope, first.cubicsOfBothSigns).printed;
}

/** printExpressions, with sigmoid(+-v) from one m_sigmoid_cubic_pair for the cubics in `pairedCubics` (by their printed constants). */
function printWith(
  roots: readonly NumNode[],
  plan: HoistPlan,
  slots: SlotLayout,
  types: WgslTypes,
  scope: PrintScope,
  pairedCubics: ReadonlySet<string>,
): { readonly printed: PrintedExpressions; readonly cubicsOfBothSigns: ReadonlySet<string> } {
  const V = types.value;
  const statements: string[] = [];
  const names = new Map<NumNode, string>();
  const lanes = types.width === 1 ? [''] : ['.x', '.y', '.z', '.w'];

  const splat = (value: number): string => {
    if (Number.isNaN(value)) return `${V}(u.nan)`;
    if (!Number.isFinite(value)) return value > 0 ? `${V}(u.inf)` : `-${V}(u.inf)`;
    return `${V}(${floatLiteral(value)})`;
  };

  /** A helper computed in float32 (f16 kernels convert around it). */
  const call = (name: string, args: readonly string[]): string => {
    if (types.precision === 'f32') return `${name}(${args.join(', ')})`;
    return `${V}(${name}(${args.map((arg) => `${types.f32}(${arg})`).join(', ')}))`;
  };

  /**
   * Nodes printed as one call of a helper whose result is a select (each returns x or NaN for a NaN
   * operand through one): a compiler sees no literal or operator at their top to fold with.
   */
  const guarded = new Set<NumNode>();
  const guardedCall = (node: NumNode, name: string, args: readonly string[]): string => {
    guarded.add(node);
    return call(name, args);
  };

  const bind = (node: NumNode, prefix: string, expression: string): string => {
    const name = `${prefix}${names.size}`;
    statements.push(`let ${name} = ${expression};`);
    names.set(node, name);
    return name;
  };

  const hoisted = (node: NumNode): string | undefined => {
    const literal = slots.literals.get(node);
    if (literal !== undefined) return splat(literal);
    const scalar = slots.scalar.get(node);
    if (scalar !== undefined) return bind(node, 'h', `${V}(u.s[${scalar >> 2}][${scalar & 3}])`);
    const channel = slots.perChannel.get(node);
    if (channel === undefined) return undefined;
    const base = `${channel}u * u.channels`;
    const gathered = lanes.map((lane) => `chan[${base} + ch${lane}]`);
    return bind(node, 'h', `${V}(${types.width === 1 ? gathered[0] ?? '' : `vec4<f32>(${gathered.join(', ')})`})`);
  };

  const isOne = (node: NumNode): boolean => slots.literals.get(node) === 1;

  /**
   * sigmoid(b1 x + b3 x^3) without rounding the cubic (m_sigmoid_cubic), for a bounded cubic within the
   * helper's conditions; the sign of b1 goes onto x. Its constants are float32 literals whatever the
   * kernel's precision.
   */
  const sigmoidOfCubic = (b1: number, b3: number): string | undefined => {
    const sign = Math.sign(b1);
    const constants = isBoundedCubic(b1, b3) ? sigmoidCubicArguments(sign * b1, sign * b3) : undefined;
    if (constants === undefined) return undefined;
    const printedConstants = constants.map((value) => `${types.f32}(${floatLiteral(value)})`).join(', ');
    if (types.precision === 'f32') {
      cubicSigns.set(printedConstants, new Set([...(cubicSigns.get(printedConstants) ?? []), sign]));
      if (pairedCubics.has(printedConstants)) return `${cubicPair(printedConstants)}.${sign > 0 ? 'value' : 'ofNegated'}`;
    }
    const argument = sign > 0 ? 'x' : '(-x)';
    const printed = `${helperNames.sigmoidCubic}(${types.precision === 'f32' ? argument : `${types.f32}(${argument})`}, ${printedConstants})`;
    return types.precision === 'f32' ? printed : `${V}(${printed})`;
  };

  /** The signs of b1 each cubic's sigmoid was printed with, by the cubic's printed constants (float32 kernels). */
  const cubicSigns = new Map<string, Set<number>>();
  /** The name of the pair sigmoid(v), sigmoid(-v) of a cubic (float32 kernels only: the pair is a struct). */
  const cubicPairs = new Map<string, string>();
  const cubicPair = (printedConstants: string): string => {
    const known = cubicPairs.get(printedConstants);
    if (known !== undefined) return known;
    const name = `cubic${cubicPairs.size}`;
    statements.push(`let ${name} = ${helperNames.sigmoidCubicPair}(x, ${printedConstants});`);
    cubicPairs.set(printedConstants, name);
    return name;
  };

  /** sigmoid(b1 x + b3 x^3) for `argument` a cubic that sigmoidOfCubic takes, scaled by `scale`. */
  const sigmoidOfCubicNode = (argument: NumNode, scale: number): string | undefined => {
    const cubic = cubicCoefficients(argument);
    return cubic === undefined ? undefined : sigmoidOfCubic(scale * cubic[0], scale * cubic[1]);
  };

  /** 1 + sign g(t) for g in {erf, tanh}, in the forms that do not cancel: erfc(-sign t), 2 sigmoid(2 sign t). */
  const stableOnePlus = (sum: NumNode, other: NumNode, sign: 1 | -1): string | undefined => {
    if (other.op === 'neg') return stableOnePlus(sum, other.args[0], sign === 1 ? -1 : 1);
    if (other.op !== 'erf' && other.op !== 'tanh') return undefined;
    if (other.op === 'erf') {
      const scale = squareIsPowerOfTwo(inputScale(other.args[0]));
      if (scale !== undefined) {
        const c = sign === 1 ? -scale : scale;
        if (isOneHalf(c * c)) return guardedCall(sum, helperNames.erfcOverSqrt2, ['x', splat(Math.sign(c))]);
        return guardedCall(sum, helperNames.erfcScaled, ['x', splat(c), splat(Math.fround(c * c)), splat(ERFC_MAX / Math.abs(c))]);
      }
    }
    if (other.op === 'tanh') {
      // 2 sigmoid(2 sign (a1 x + a3 x^3)), GELU's tanh approximation, without rounding the cubic.
      const ofCubic = sigmoidOfCubicNode(other.args[0], 2 * sign);
      if (ofCubic !== undefined) return `(${splat(2)} * ${ofCubic})`;
    }
    const t = print(other.args[0]);
    if (other.op === 'erf') return guardedCall(sum, helperNames.erfc, [sign === 1 ? `(-${t})` : t]);
    return `(${splat(2)} * ${call(helperNames.sigmoid, [`(${splat(2 * sign)} * ${t})`])})`;
  };

  /**
   * sigmoid(u) where sigmoid(-u) is also needed (core's negatedSigmoidPairs): both from one
   * exponential, the partner named for later use. Float32 kernels only (the pair is a struct).
   */
  const sigmoidPartners = negatedSigmoidPairs(roots);
  const sigmoidWithPartner = (node: NumNode, argument: NumNode): string | undefined => {
    const partner = sigmoidPartners.get(node);
    if (partner === undefined || names.has(partner) || plan.variation.get(partner) !== 'element' || types.precision !== 'f32') return undefined;
    // The argument first: it may hold pairs of its own, which take their names before this one.
    const printedArgument = print(argument);
    const pair = `pair${names.size}`;
    statements.push(`let ${pair} = ${helperNames.sigmoidPair}(${printedArgument});`);
    names.set(partner, `${pair}.ofNegated`);
    guarded.add(partner);
    return `${pair}.value`;
  };

  const literal = (node: NumNode): number | undefined => slots.literals.get(node) ?? (node.op === 'const' ? node.value : undefined);
  /** A value the shader compiler cannot see: a uniform or per-channel parameter slot. */
  const isRuntimeParameter = (node: NumNode): boolean => plan.variation.get(node) !== 'element' && (slots.scalar.has(node) || slots.perChannel.has(node));

  /** Nodes printed with a plain WGSL operator in a float32 kernel. */
  const plainOperators = new Set<NumNode>();
  const moved = onlyMoved(roots, scope.rootsStored ?? false);

  /**
   * Whether a float32 add, sub or mul can keep WGSL's operator. The rewrites that lose IEEE results
   * (0 * y, x - x, x == x + a as a == 0, reassociated sums) need a literal zero, a repeated operand or
   * nested operators. An operand that is a runtime parameter (or, for mul, a finite non-zero literal)
   * against one that is not itself a plain operator, in a result that only becomes a select's branch
   * or is stored, gives the compiler nothing to fold; the hardware's operator handles infinities and
   * NaN as IEEE says. So does a product of x and helper results (GELU's x / 2 times erfc, SiLU's x
   * times sigmoid): each operand's top is a select, with no literal or operator to move.
   */
  const keepsOperator = (node: NumNode, op: keyof typeof arithmeticOperator, [a, b]: readonly [NumNode, NumNode]): boolean => {
    if (op === 'div' || !moved.has(node)) return false;
    const selected = (operand: NumNode): boolean => operand.op === 'input' || guarded.has(operand);
    if (op === 'mul' && selected(a) && selected(b)) return true;
    const scales = (operand: NumNode): boolean => {
      if (isRuntimeParameter(operand)) return true;
      const value = op === 'mul' ? literal(operand) : undefined;
      return value !== undefined && value !== 0 && Number.isFinite(value);
    };
    const opaque = (operand: NumNode): boolean => !plainOperators.has(operand) && operand.op !== 'neg';
    return (scales(a) && opaque(b)) || (scales(b) && opaque(a));
  };

  /** IEEE-faithful helpers in float32 kernels where needed; f16 kernels keep WGSL's operators (their helpers would compute in f32). */
  const arithmetic = (node: NumNode, op: keyof typeof arithmeticOperator, args: readonly [NumNode, NumNode]): string => {
    const [left, right] = [print(args[0]), print(args[1])];
    if (types.precision === 'f32' && !keepsOperator(node, op, args)) return guardedCall(node, helperNames[op], [left, right]);
    plainOperators.add(node);
    return `(${left} ${arithmeticOperator[op]} ${right})`;
  };

  /**
   * Whether the printed value is NaN whenever x is: true for x, and for every helper and operator of
   * such a value (the helpers return NaN for a NaN operand); a select needs both branches.
   */
  const nanFollowsInput = (node: NumNode): boolean => {
    switch (node.op) {
      case 'input':
        return true;
      case 'const':
      case 'param':
      case 'uniform':
      case 'output':
        return false;
      case 'select':
        return nanFollowsInput(node.args[0]) && nanFollowsInput(node.args[1]);
      default:
        return plan.variation.get(node) === 'element' && node.args.some(nanFollowsInput);
    }
  };

  /** A comparison of a value with a literal zero of either sign, as `value operator 0`. */
  const againstZero = (cond: BoolNode): { readonly value: NumNode; readonly operator: keyof typeof helperNames.signTest } | undefined => {
    const [a, b] = cond.args;
    if (literal(b) === 0) return { value: a, operator: compareOperator[cond.op] };
    if (literal(a) === 0) return { value: b, operator: compareOperator[mirrored[cond.op]] };
    return undefined;
  };

  /**
   * A comparison is false when either side is NaN. A compiler that assumes no NaN may evaluate it as
   * the negation of its opposite, true for NaN, so float32 kernels rule NaN out by its bits, unless
   * the select cannot tell: it compares x with a literal and both its branches are NaN when x is.
   * WGSL also lets a device flush denormals to zero in comparisons, which would put a denormal on
   * the wrong side of a kink, so float32 kernels compare integer keys that order as the floats do
   * (m_key), and comparisons with zero, the kinks of most activations, test the bits alone
   * (m_gt_zero and the like): IEEE's answer for NaN too.
   */
  const condition = (select: NumNode & { op: 'select' }): string => {
    const cond = select.cond;
    const signTest = types.precision === 'f32' ? againstZero(cond) : undefined;
    if (signTest !== undefined) return call(helperNames.signTest[signTest.operator], [print(signTest.value)]);
    const left = print(cond.args[0]);
    const right = print(cond.args[1]);
    const key = (node: NumNode, printed: string): string => {
      const value = literal(node);
      return value !== undefined && !Number.isNaN(value) ? `${types.i32}(${floatKey(value)})` : `m_key(${printed})`;
    };
    const keyed = `(${key(cond.args[0], left)} ${compareOperator[cond.op]} ${key(cond.args[1], right)})`;
    const plain = types.precision === 'f32' ? keyed : `(${left} ${compareOperator[cond.op]} ${right})`;
    const xOrNumber = (node: NumNode): boolean => node.op === 'input' || (literal(node) !== undefined && !Number.isNaN(literal(node)));
    const guardNeeded = !(cond.args.every(xOrNumber) && nanFollowsInput(select));
    return types.precision === 'f32' && guardNeeded ? `(${plain} & !(m_isnan(${left}) | m_isnan(${right})))` : plain;
  };

  function expression(node: NumNode): string {
    switch (node.op) {
      case 'input':
        return 'x';
      case 'uniform':
        return call(helperNames.uniform, ['idx']);
      case 'output':
        if (scope.output === undefined) throw new Error('WGSL printer: substitute the output y by the forward expression first, or name y in scope');
        return scope.output;
      case 'const':
        return splat(node.value);
      case 'param':
        throw new Error(`WGSL printer: parameter ${node.name} should have been hoisted`);
      case 'neg':
        return `(-${print(node.args[0])})`;
      case 'abs':
        return `abs(${print(node.args[0])})`;
      case 'exp':
      case 'expm1': {
        // exp(-(x / sqrt(2))^2), GELU's derivative: from x^2 split exactly, as GELU's erfc.
        const squareScale = node.op === 'exp' ? minusSquareScale(node.args[0]) : undefined;
        if (squareScale !== undefined && isOneHalf(squareScale)) return guardedCall(node, helperNames.expOfMinusHalfSquare, ['x']);
        const nonPositive = scope.nonPositiveExponentials?.has(node) === true;
        const name = node.op === 'exp' ? (nonPositive ? helperNames.expOfNonPositive : helperNames.exp) : nonPositive ? helperNames.expm1OfNonPositive : helperNames.expm1;
        return guardedCall(node, name, [print(node.args[0])]);
      }
      case 'sigmoid':
        guarded.add(node);
        return sigmoidOfCubicNode(node.args[0], 1) ?? sigmoidWithPartner(node, node.args[0]) ?? call(helperNames.sigmoid, [print(node.args[0])]);
      case 'tanh': {
        // tanh(softplus(u)), as Mish has it: one exponential and a division instead of exp, log1p and tanh.
        const [inner] = node.args;
        if (inner.op === 'log1p' && inner.args[0].op === 'exp') return guardedCall(node, helperNames.tanhOfSoftplus, [print(inner.args[0].args[0])]);
        return guardedCall(node, helperNames.tanh, [print(inner)]);
      }
      case 'log1p': {
        // log1p(exp(u)), softplus: an exponential that cannot overflow and a logarithm on [0, 1].
        const [inner] = node.args;
        if (inner.op === 'exp') return guardedCall(node, helperNames.log1pOfExp, [print(inner.args[0])]);
        return guardedCall(node, helperNames.log1p, [print(inner)]);
      }
      case 'sqrt':
      case 'log':
      case 'erf':
        return guardedCall(node, helperNames[node.op], [print(node.args[0])]);
      case 'add':
      case 'sub': {
        const [left, right] = node.args;
        const stable =
          (isOne(left) ? stableOnePlus(node, right, node.op === 'add' ? 1 : -1) : undefined) ??
          (node.op === 'add' && isOne(right) ? stableOnePlus(node, left, 1) : undefined);
        return stable ?? arithmetic(node, node.op, node.args);
      }
      case 'mul':
      case 'div':
        return arithmetic(node, node.op, node.args);
      case 'min':
      case 'max': {
        const [left, right] = node.args;
        const zero = [left, right].findIndex((operand) => Object.is(literal(operand), 0));
        if (zero === -1) return guardedCall(node, helperNames[node.op], [print(left), print(right)]);
        const other = zero === 0 ? right : left;
        return call(node.op === 'max' ? helperNames.maxZero : helperNames.minZero, [print(other)]);
      }
      case 'clamp':
        return guardedCall(node, helperNames.clamp, node.args.map(print));
      case 'select':
        // WGSL's select(false_value, true_value, condition) picks per lane, never blending.
        return `select(${print(node.args[1])}, ${print(node.args[0])}, ${condition(node)})`;
    }
  }

  function print(node: NumNode): string {
    const known = names.get(node);
    if (known !== undefined) return known;
    if (plan.variation.get(node) !== 'element') {
      const value = hoisted(node);
      if (value !== undefined) return value;
    }
    if (node.op === 'input' || node.op === 'output' || node.op === 'const') return expression(node);
    return bind(node, 'v', expression(node));
  }

  const printedRoots = roots.map(print);
  const cubicsOfBothSigns = new Set([...cubicSigns].filter(([, signs]) => signs.size === 2).map(([constants]) => constants));
  return { printed: { statements, roots: printedRoots }, cubicsOfBothSigns };
}

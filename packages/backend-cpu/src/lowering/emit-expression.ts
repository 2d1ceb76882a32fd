import type { BoolNode, HoistPlan, Node, NumNode } from '@rectify/activation-core';
import { cubicCoefficients, inputScale, isBoundedCubic, isOneHalf, minusSquareScale, negatedSigmoidPairs } from '@rectify/activation-core';
import type { FunctionBuilder, Local } from '../wasm/function-builder.js';
import { Simd } from '../wasm/opcodes.js';
import type { HalfSquareExponential } from '../wasm/erfc-over-sqrt2.js';
import { emitErfcOfXOverSqrt2, emitExpOfMinusHalfSquare, halfSquareExponential } from '../wasm/erfc-over-sqrt2.js';
import type { CubicSigmoidParts } from '../wasm/sigmoid-of-cubic.js';
import { emitSigmoidOfCubicFromParts, sigmoidOfCubicParts } from '../wasm/sigmoid-of-cubic.js';
import { emitErfcOfScaled, emitExpm1OfNonPositive, emitExpOfNonPositive, emitSigmoidPair, emitSoftplus, emitTanhOfSoftplus, simdMathFunctions } from '../wasm/simd-math.js';

/** Where element-wise code finds its inputs for the current vector of four lanes. */
export interface LaneInputs {
  /** The four input values. */
  readonly x: Local;
  /** The four saved forward outputs, for backward kernels that read them. */
  readonly savedOutput?: Local;
  /** Pushes the four uniform draws of these lanes (training mode only). */
  readonly pushDraws: () => void;
  /** The v128 splat holding a hoisted value (per call or per channel). */
  readonly hoisted: (node: NumNode) => Local;
  /** The float32 value of a literal hoisted value. */
  readonly literal: (node: NumNode) => number | undefined;
  /** Exponentials whose lanes with x > 0 are discarded (PreparedKernel.nonPositiveExponentials). */
  readonly nonPositiveExponentials?: ReadonlySet<NumNode>;
}

const compareOpcode: Readonly<Record<BoolNode['op'], number>> = {
  gt: Simd.f32x4Gt,
  ge: Simd.f32x4Ge,
  lt: Simd.f32x4Lt,
  le: Simd.f32x4Le,
  eq: Simd.f32x4Eq,
};

/** 1 + sign g, the form in which 1 +- erf and 1 +- tanh are recognised. */
interface OnePlusForm {
  readonly sign: 1 | -1;
  readonly g: NumNode;
}

const binaryOpcode = { add: Simd.f32x4Add, sub: Simd.f32x4Sub, mul: Simd.f32x4Mul, div: Simd.f32x4Div } as const;

/**
 * Emits the element-wise part of `roots` for one vector of lanes; every node is computed once into a
 * local (the IR is a DAG after simplification), and the locals of the roots are returned.
 */
export function emitLanes(f: FunctionBuilder, roots: readonly NumNode[], plan: HoistPlan, inputs: LaneInputs): Local[] {
  const computed = new Map<Node, Local>();
  const nonPositive = inputs.nonPositiveExponentials ?? new Set();
  const sigmoidPartners = negatedSigmoidPairs(roots);

  const push = (node: NumNode): void => {
    const literal = inputs.literal(node);
    if (literal !== undefined) {
      f.f32x4(literal);
      return;
    }
    if (plan.variation.get(node) !== 'element') {
      f.get(inputs.hoisted(node));
      return;
    }
    f.get(compute(node));
  };

  const isLiteralOne = (node: NumNode): boolean => inputs.literal(node) === 1;

  /** e^(-x^2 / 2)'s parts, emitted once for GELU's erfc and its derivative's Gaussian together. */
  let halfSquare: HalfSquareExponential | undefined;
  const halfSquareParts = (): HalfSquareExponential => (halfSquare ??= halfSquareExponential(f, inputs.x));

  /** The sigmoids of +-v for one cubic v share v and its exponential (GELU's tanh approximation's derivative has three). */
  const cubicParts = new Map<string, CubicSigmoidParts>();
  /** factor * scale * sigmoid(b1 x + b3 x^3), from the parts of +-v computed once. */
  const emitCubicSigmoid = ([b1, b3]: readonly [number, number], scale: number, factor?: Local): void => {
    const sign = b1 < 0 ? -1 : 1;
    const key = `${sign * b1} ${sign * b3}`;
    let parts = cubicParts.get(key);
    if (parts === undefined) {
      parts = sigmoidOfCubicParts(f, inputs.x, sign * b1, sign * b3);
      cubicParts.set(key, parts);
    }
    emitSigmoidOfCubicFromParts(f, parts, sign, scale, factor);
  };

  /** 1 + sign g when `node` is 1 + g, 1 - g or g + 1, with any number of negations of g unwrapped. */
  const onePlus = (node: NumNode): OnePlusForm | undefined => {
    if (node.op !== 'add' && node.op !== 'sub') return undefined;
    const [left, right] = node.args;
    let sign: 1 | -1;
    let g: NumNode;
    if (isLiteralOne(left)) [sign, g] = [node.op === 'add' ? 1 : -1, right];
    else if (node.op === 'add' && isLiteralOne(right)) [sign, g] = [1, left];
    else return undefined;
    while (g.op === 'neg') [sign, g] = [sign === 1 ? -1 : 1, g.args[0]];
    return { sign, g };
  };

  /** s when `node` is erfc(s x) written as 1 +- erf(c x), for a constant c. */
  const erfcScaleOf = (node: NumNode): number | undefined => {
    const form = onePlus(node);
    const scale = form?.g.op === 'erf' ? inputScale(form.g.args[0]) : undefined;
    if (form === undefined || scale === undefined || scale === 0) return undefined;
    return form.sign === 1 ? -scale : scale;
  };

  /** [scale a1, scale a3] when `node` is a1 x + a3 x^3 and that cubic is bounded (core's isBoundedCubic). */
  const boundedCubic = (node: NumNode, scale: number): readonly [number, number] | undefined => {
    const cubic = cubicCoefficients(node);
    if (cubic === undefined) return undefined;
    const [b1, b3] = [scale * cubic[0], scale * cubic[1]];
    return isBoundedCubic(b1, b3) ? [b1, b3] : undefined;
  };

  /**
   * [b1, b3] when `node` is 1 +- tanh(a1 x + a3 x^3) = 2 sigmoid(b1 x + b3 x^3) (GELU's tanh
   * approximation), for a bounded cubic (core's isBoundedCubic).
   */
  const sigmoidCubicOf = (node: NumNode): readonly [number, number] | undefined => {
    const form = onePlus(node);
    return form?.g.op === 'tanh' ? boundedCubic(form.g.args[0], 2 * form.sign) : undefined;
  };

  /** erfc(scale x), times `factor` when given: in float32 for scale = +-1/sqrt(2), else in float64. */
  const emitErfcOfScaledInput = (scale: number, factor?: Local): void => {
    if (isOneHalf(scale * scale)) {
      emitErfcOfXOverSqrt2(f, inputs.x, scale > 0 ? 1 : -1, factor, halfSquareParts());
      return;
    }
    emitErfcOfScaled(f, inputs.x, scale);
    if (factor !== undefined) f.get(factor).simd(Simd.f32x4Mul);
  };

  /** factor * (1 +- tanh(cubic)) or factor * erfc(s x) for `node` of one of those forms, else false. */
  const emitStableOnePlusTimes = (node: NumNode, factor?: Local): boolean => {
    const cubic = sigmoidCubicOf(node);
    if (cubic !== undefined) {
      emitCubicSigmoid(cubic, 2, factor);
      return true;
    }
    const erfcScale = erfcScaleOf(node);
    if (erfcScale === undefined) return false;
    emitErfcOfScaledInput(erfcScale, factor);
    return true;
  };

  /**
   * 1 + sign * g(t) (onePlus's form) for g in {erf, tanh}, in the forms that do not cancel: erfc(-sign
   * t), 2 sigmoid(2 sign t). (erfc of a scaled input and tanh of a cubic, emitStableOnePlusTimes's
   * cases, are emitted before this is tried.)
   */
  const emitStableOnePlus = ({ g: other, sign }: OnePlusForm): boolean => {
    if (other.op !== 'erf' && other.op !== 'tanh') return false;
    const argument = f.local('v128');
    push(other.args[0]);
    if (other.op === 'erf') {
      if (sign === 1) f.simd(Simd.f32x4Neg);
      f.set(argument);
      simdMathFunctions.erfc(f, argument);
      return true;
    }
    f.f32x4(2 * sign).simd(Simd.f32x4Mul).set(argument);
    simdMathFunctions.sigmoid(f, argument);
    f.f32x4(2).simd(Simd.f32x4Mul);
    return true;
  };

  /**
   * a * erfc(s x) or a * (1 +- tanh(cubic)) (GELU's x / 2 (1 + erf(x / sqrt(2))) and its tanh
   * approximation) as one product, so that a result in the denormal range is rounded once; false
   * when neither factor is such a form not yet computed.
   */
  const emitFusedProduct = (a: NumNode, b: NumNode): boolean => {
    for (const [factor, other] of [
      [a, b],
      [b, a],
    ] as const) {
      if (computed.has(other) || (erfcScaleOf(other) === undefined && sigmoidCubicOf(other) === undefined)) continue;
      const factorLocal = f.local('v128');
      push(factor);
      f.set(factorLocal);
      emitStableOnePlusTimes(other, factorLocal);
      return true;
    }
    return false;
  };

  /**
   * min or max of the vector on the stack and `bound`. WebAssembly's f32x4.min/max cost V8 eight
   * instructions each (NaN and signed-zero fix-ups). When `bound` cannot be NaN (a literal that is
   * not, or a parameter, which validation keeps finite), pmin/pmax (one instruction) give the same
   * lanes, NaN included, since they return the stack operand x when it is NaN. They differ only for
   * two zeros of opposite sign, where they return x: max's sign bit is then x's AND the bound's,
   * and min's the OR, which one bitwise step restores (not needed against a non-zero literal).
   */
  const emitMinMax = (op: 'min' | 'max', bound: NumNode): void => {
    const literal = inputs.literal(bound);
    push(bound);
    const neverNaN = literal === undefined ? bound.op === 'param' : !Number.isNaN(literal);
    if (!neverNaN) {
      f.simd(op === 'min' ? Simd.f32x4Min : Simd.f32x4Max);
      return;
    }
    f.simd(op === 'min' ? Simd.f32x4Pmin : Simd.f32x4Pmax);
    if (literal !== undefined && literal !== 0) return;
    push(bound);
    if (op === 'max') f.i32x4(0x7fffffff).simd(Simd.v128Or).simd(Simd.v128And);
    else f.i32x4(0x80000000 | 0).simd(Simd.v128And).simd(Simd.v128Or);
  };

  const emitNode = (node: NumNode): void => {
    switch (node.op) {
      case 'input':
        f.get(inputs.x);
        return;
      case 'uniform':
        inputs.pushDraws();
        return;
      case 'output':
        if (inputs.savedOutput === undefined) throw new Error('lowering: the kernel reads the saved output y but has no input for it');
        f.get(inputs.savedOutput);
        return;
      case 'const':
      case 'param':
        push(node);
        return;
      case 'neg':
        push(node.args[0]);
        f.simd(Simd.f32x4Neg);
        return;
      case 'abs':
        push(node.args[0]);
        f.simd(Simd.f32x4Abs);
        return;
      case 'sqrt':
        push(node.args[0]);
        f.simd(Simd.f32x4Sqrt);
        return;
      case 'exp':
      case 'expm1':
      case 'log':
      case 'log1p':
      case 'tanh':
      case 'sigmoid':
      case 'erf': {
        const [inner] = node.args;
        // exp(-(x / sqrt(2))^2), GELU's derivative: from x^2 split exactly, shared with its erfc.
        const squareScale = node.op === 'exp' ? minusSquareScale(inner) : undefined;
        if (squareScale !== undefined && isOneHalf(squareScale)) {
          emitExpOfMinusHalfSquare(f, halfSquareParts());
          return;
        }
        // sigmoid(b1 x + b3 x^3), in GELU's tanh approximation's derivative: the cubic in float64.
        const cubic = node.op === 'sigmoid' ? boundedCubic(inner, 1) : undefined;
        if (cubic !== undefined) {
          emitCubicSigmoid(cubic, 1);
          return;
        }
        // tanh(softplus(u)), as Mish has it: one exponential and a division instead of exp, log1p and tanh.
        const tanhOfSoftplusOf = node.op === 'tanh' && inner.op === 'log1p' && inner.args[0].op === 'exp' ? inner.args[0].args[0] : undefined;
        // log1p(exp(u)), softplus: an exponential that cannot overflow and a logarithm on [0, 1].
        const softplusOf = node.op === 'log1p' && inner.op === 'exp' ? inner.args[0] : undefined;
        const argument = f.local('v128');
        push(tanhOfSoftplusOf ?? softplusOf ?? inner);
        f.set(argument);
        // sigmoid(u) beside sigmoid(-u), as derivatives have them: both from one exponential.
        const partner = node.op === 'sigmoid' ? sigmoidPartners.get(node) : undefined;
        if (partner !== undefined && plan.variation.get(partner) === 'element') {
          const ofNegated = f.local('v128');
          emitSigmoidPair(f, argument, ofNegated);
          computed.set(partner, ofNegated);
          return;
        }
        if (tanhOfSoftplusOf !== undefined) emitTanhOfSoftplus(f, argument);
        else if (softplusOf !== undefined) emitSoftplus(f, argument);
        else if (nonPositive.has(node)) (node.op === 'exp' ? emitExpOfNonPositive : emitExpm1OfNonPositive)(f, argument);
        else simdMathFunctions[node.op](f, argument);
        return;
      }
      case 'add':
      case 'sub': {
        if (emitStableOnePlusTimes(node)) return;
        const form = onePlus(node);
        if (form !== undefined && emitStableOnePlus(form)) return;
        const [left, right] = node.args;
        push(left);
        push(right);
        f.simd(binaryOpcode[node.op]);
        return;
      }
      case 'mul':
      case 'div':
        if (node.op === 'mul' && emitFusedProduct(node.args[0], node.args[1])) return;
        push(node.args[0]);
        push(node.args[1]);
        f.simd(binaryOpcode[node.op]);
        return;
      case 'min':
      case 'max': {
        const [a, b] = node.args;
        // min and max are symmetric, so a literal on either side can take the cheap form.
        const literalFirst = inputs.literal(a) !== undefined && inputs.literal(b) === undefined;
        push(literalFirst ? b : a);
        emitMinMax(node.op, literalFirst ? a : b);
        return;
      }
      case 'clamp':
        push(node.args[0]);
        emitMinMax('max', node.args[1]);
        emitMinMax('min', node.args[2]);
        return;
      case 'select':
        push(node.args[0]);
        push(node.args[1]);
        push(node.cond.args[0]);
        push(node.cond.args[1]);
        f.simd(compareOpcode[node.cond.op]);
        f.simd(Simd.v128Bitselect);
        return;
    }
  };

  function compute(node: NumNode): Local {
    const known = computed.get(node);
    if (known !== undefined) return known;
    // Operands are computed lazily inside emitNode: each computation is stack-neutral (it ends in local.set).
    emitNode(node);
    const local = f.local('v128');
    f.set(local);
    computed.set(node, local);
    return local;
  }

  return roots.map((root) => {
    if (plan.variation.get(root) !== 'element') {
      const local = f.local('v128');
      push(root);
      f.set(local);
      return local;
    }
    return compute(root);
  });
}

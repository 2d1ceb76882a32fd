import { defineActivation } from '../definition/define-activation.js';
import type { ActivationDefinition } from '../definition/definition.js';
import type { ParamSpec } from '../definition/param-spec.js';
import { containsOp } from '../analysis/analyze.js';
import * as ir from '../ir/builders.js';
import type { BinaryOp, BoolNode, CompareOp, NumNode, UnaryOp } from '../ir/nodes.js';
import { compareOps } from '../ir/nodes.js';
import { printExpr } from '../ir/print.js';
import { normalSamples, seededRandom } from './inputs.js';

export interface RandomExpressionOptions {
  /** Deepest nesting, the root at depth 1 and a comparison counting as a level (as the parser counts); 6 by default. */
  readonly maxDepth?: number;
  /** Probability that an expression declares parameters (one or two); 0.3 by default. */
  readonly paramProbability?: number;
}

/** One generated expression, deterministic in its seed. */
export interface RandomExpression {
  readonly seed: number;
  /** Built from the IR builders; mentions x, and every declared parameter. */
  readonly expression: NumNode;
  /** Declared parameters and their defaults (non-learnable scalars). */
  readonly params: Readonly<Record<string, number>>;
  /** Values to pass at call time instead of some defaults (may be empty), so run-time parameter values get exercised too. */
  readonly values: Readonly<Record<string, number>>;
}

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
};

function weighted<T>(random: Random, entries: readonly (readonly [T, number])[]): T {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let left = random() * total;
  for (const [item, weight] of entries) {
    left -= weight;
    if (left < 0) return item;
  }
  const last = entries[entries.length - 1];
  if (last === undefined) throw new Error('weighted pick from an empty list');
  return last[0];
}

/** Exact in float32: the constants real activations use most. */
const plainConstants = [0, 0.5, 1, 2, -1, 0.25, 3, 6, -0.5, 1.5, 4, -2];
/** Constants of published activations; most are not exact in float32, so their representation error counts. */
const publishedConstants = [Math.SQRT1_2, Math.SQRT2, 0.044715, 0.7978845608028654, 1.0507009873554805, 1.6732632423543772, 1.702, 0.01, 0.1, 1 / 3, Math.PI, Math.E];

/** A constant float32 can hold (finite, not underflowing), of moderate size. */
function randomConstant(random: Random): number {
  const kind = weighted(random, [['plain', 4], ['published', 3], ['decimal', 3], ['scaled', 1]] as const);
  switch (kind) {
    case 'plain':
      return pick(random, plainConstants);
    case 'published':
      return (random() < 0.8 ? 1 : -1) * pick(random, publishedConstants);
    case 'decimal':
      return Math.round((random() * 8 - 4) * 1000) / 1000;
    case 'scaled':
      return (random() < 0.5 ? 1 : -1) * 10 ** (random() * 6 - 3);
  }
}

const unaryWeights: readonly (readonly [UnaryOp, number])[] = [
  ['neg', 1],
  ['abs', 1],
  ['exp', 1.2],
  ['expm1', 1],
  ['log', 0.8],
  ['log1p', 1],
  ['sqrt', 0.8],
  ['tanh', 1.2],
  ['sigmoid', 1.2],
  ['erf', 1],
];
const binaryWeights: readonly (readonly [BinaryOp, number])[] = [
  ['add', 3],
  ['sub', 2],
  ['mul', 4],
  ['div', 1],
  ['min', 1],
  ['max', 1.5],
];

type Shape = 'unary' | 'binary' | 'gate' | 'clamp' | 'select';

const unaryBuilders: Readonly<Record<UnaryOp, (a: NumNode) => NumNode>> = {
  neg: ir.neg, abs: ir.abs, exp: ir.exp, expm1: ir.expm1, log: ir.log, log1p: ir.log1p, sqrt: ir.sqrt, tanh: ir.tanh, sigmoid: ir.sigmoid, erf: ir.erf,
};
const binaryBuilders: Readonly<Record<BinaryOp, (a: NumNode, b: NumNode) => NumNode>> = {
  add: ir.add, sub: ir.sub, mul: ir.mul, div: ir.div, min: ir.min, max: ir.max,
};
const compareBuilders: Readonly<Record<CompareOp, (a: NumNode, b: NumNode) => BoolNode>> = { gt: ir.gt, ge: ir.ge, lt: ir.lt, le: ir.le, eq: ir.eq };

const parameterNames = ['alpha', 'beta'] as const;

/**
 * A random activation-like expression over the IR builders: every numeric primitive except
 * `uniform` and `output`, `select` on every comparison, `clamp`, constants float32 can hold (plain,
 * from published activations, or arbitrary decimals, so representation error occurs), and
 * sometimes declared parameters. Nesting stays within `maxDepth` (6 by default), and shapes real
 * activations use are favoured: `x * g(x)` gates and `select(x > c, ...)` branches.
 * Deterministic in `seed`; for fast-check, map an integer arbitrary: `fc.nat().map((s) => randomExpression(s))`.
 */
export function randomExpression(seed: number, options: RandomExpressionOptions = {}): RandomExpression {
  const maxDepth = options.maxDepth ?? 6;
  if (!Number.isInteger(maxDepth) || maxDepth < 3) throw new Error(`randomExpression: maxDepth must be an integer of at least 3, got ${maxDepth}`);
  const random = seededRandom(seed ^ 0x5bd1e995);
  const declared = random() < (options.paramProbability ?? 0.3) ? parameterNames.slice(0, random() < 0.6 ? 1 : 2) : [];

  const leaf = (): NumNode => {
    const kind = weighted(random, [['x', 5], ['const', 3], ['param', declared.length > 0 ? 1.5 : 0]] as const);
    if (kind === 'x') return ir.x;
    if (kind === 'param') return ir.param(pick(random, declared));
    return ir.constant(randomConstant(random));
  };

  /** An expression whose root sits at `depth` (1-based). */
  const grow = (depth: number): NumNode => {
    const room = maxDepth - depth;
    if (room <= 0) return leaf();
    const leafChance = depth === 1 ? 0 : Math.min(1, 0.15 + 0.12 * (depth - 1));
    if (random() < leafChance) return leaf();
    const shape = weighted<Shape>(random, [
      ['unary', 4],
      ['binary', 5],
      ['gate', 1.5],
      ['clamp', 0.8],
      // A select needs a comparison level below it, and operands below that.
      ['select', room >= 2 ? 2.5 : 0],
    ]);
    switch (shape) {
      case 'unary':
        return unaryBuilders[weighted(random, unaryWeights)](grow(depth + 1));
      case 'binary':
        return binaryBuilders[weighted(random, binaryWeights)](grow(depth + 1), grow(depth + 1));
      case 'gate':
        // x * g(...), the shape of most smooth activations.
        return ir.mul(ir.x, grow(depth + 1));
      case 'clamp': {
        if (random() < 0.7) {
          const low = -Math.abs(randomConstant(random));
          const high = Math.abs(randomConstant(random));
          return ir.clamp(grow(depth + 1), low, high === 0 && low === 0 ? 1 : high);
        }
        return ir.clamp(grow(depth + 1), grow(depth + 1), grow(depth + 1));
      }
      case 'select': {
        const compare = compareBuilders[pick(random, compareOps)];
        // Mostly x against a constant (or a parameter), the branch point of piecewise activations.
        const condition =
          random() < 0.6 ? compare(ir.x, random() < 0.8 || declared.length === 0 ? ir.constant(randomConstant(random)) : ir.param(pick(random, declared)))
          : compare(grow(depth + 2), grow(depth + 2));
        return ir.select(condition, grow(depth + 1), grow(depth + 1));
      }
    }
  };

  let expression = grow(1);
  // An expression of constants alone is not an activation: draw again (the sequence stays deterministic).
  for (let attempt = 0; attempt < 20 && !containsOp(expression, 'input'); attempt++) expression = grow(1);
  if (!containsOp(expression, 'input')) expression = ir.mul(ir.x, expression);

  const params: Record<string, number> = {};
  const values: Record<string, number> = {};
  for (const name of declared) {
    if (!mentionsParam(expression, name)) continue;
    params[name] = nonZeroConstant(random);
    if (random() < 0.5) values[name] = nonZeroConstant(random);
  }
  return { seed, expression, params, values };
}

function nonZeroConstant(random: Random): number {
  for (;;) {
    const value = randomConstant(random);
    if (value !== 0) return value;
  }
}

function mentionsParam(root: NumNode, name: string): boolean {
  const stack: (NumNode | BoolNode)[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined) break;
    if (node.op === 'param' && node.name === name) return true;
    if (node.op === 'select') stack.push(node.cond, ...node.args);
    else if ('args' in node) stack.push(...node.args);
  }
  return false;
}

/** The parameter values a call with `sample.values` resolves to: the overrides over the defaults. */
export function randomExpressionParams(sample: RandomExpression): Readonly<Record<string, number>> {
  return { ...sample.params, ...sample.values };
}

/** A definition around a generated expression, id `random/e<seed>` unless given; its derivative is derived by core. */
export function randomExpressionDefinition(sample: RandomExpression, id = `random/e${sample.seed}`): ActivationDefinition {
  const params: Record<string, ParamSpec> = {};
  for (const [name, value] of Object.entries(sample.params)) params[name] = { default: value, description: `Parameter ${name} of a generated expression.` };
  return defineActivation({
    id,
    specVersion: 1,
    params,
    forward: sample.expression,
    docs: { name: `Random expression ${sample.seed}`, latex: 'f(x)', description: `Generated from seed ${sample.seed}: ${printExpr(sample.expression)}.` },
  });
}

/** Special values: signed zeros, infinities and NaN. Non-finite ones are checked for NaN and infinity agreement. */
export const randomExpressionSpecials: readonly number[] = [0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN];

/**
 * The inputs an expression is checked on, as float32: a grid over [-8, 8] in steps of 1/4, a few
 * larger magnitudes, 48 standard normals times 2 and 16 times 20 drawn from `seed`, and
 * `randomExpressionSpecials`.
 */
export function randomExpressionInputs(seed: number): Float32Array {
  const grid = Array.from({ length: 65 }, (_, index) => -8 + index / 4);
  const wide = [-100, -50, -20, -12, 12, 20, 50, 100];
  return Float32Array.from([...grid, ...wide, ...normalSamples(48, seed, 2), ...normalSamples(16, seed + 0x9e37, 20), ...randomExpressionSpecials]);
}

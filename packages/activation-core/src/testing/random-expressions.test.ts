import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analysis/analyze.js';
import type { Backend, BackwardResult } from '../backend/types.js';
import type { ActivationDefinition } from '../definition/definition.js';
import { add, clamp, constant, exp, gt, log, min, mul, select, sqrt, sub, x } from '../ir/builders.js';
import type { Node, NumNode } from '../ir/nodes.js';
import { binaryOps, childrenOf, compareOps, mapOperands, unaryOps } from '../ir/nodes.js';
import { maxExpressionDepth } from '../ir/parse.js';
import { printExpr } from '../ir/print.js';
import { erfc } from '../math/erf.js';
import { applyBinary, applyCompare, applyUnary, sigmoid } from '../math/scalar-ops.js';
import { evaluateExpression } from '../reference/evaluate-expression.js';
import { referenceForward } from '../reference/evaluate.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import type { Registry } from '../registry/registry.js';
import type { OpUlpBounds } from './error-bound.js';
import { boundSlack, correctlyRounded, errorBoundAt, errorBounds, withinBound } from './error-bound.js';
import { seededRandom } from './inputs.js';
import type { RandomExpressionReport, RandomExpressionTarget } from './random-expression-check.js';
import { checkRandomExpressions, formatRandomExpressionFailure } from './random-expression-check.js';
import { randomExpression, randomExpressionDefinition, randomExpressionInputs, randomExpressionParams } from './random-expressions.js';

/** Bounds of the shape the CPU backend states: 1 ulp for the transcendental functions, 2 for sigmoid. */
const cpuLike: OpUlpBounds = { ...correctlyRounded, exp: 1, expm1: 1, log: 1, log1p: 1, tanh: 1, sigmoid: 2, erf: 1, erfc: 1 };

function depthOf(node: Node): number {
  return 1 + Math.max(0, ...childrenOf(node).map(depthOf));
}

function opsOf(root: Node): Set<string> {
  const seen = new Set<string>();
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined) break;
    seen.add(node.op);
    stack.push(...childrenOf(node));
  }
  return seen;
}

const samples = Array.from({ length: 1000 }, (_, index) => randomExpression(index + 1));

describe('randomExpression', () => {
  it('is deterministic in its seed, and different seeds give different expressions', () => {
    for (const seed of [1, 2, 99, 123456]) {
      const first = randomExpression(seed);
      const again = randomExpression(seed);
      expect(printExpr(again.expression)).toBe(printExpr(first.expression));
      expect(again.params).toEqual(first.params);
      expect(again.values).toEqual(first.values);
    }
    expect(new Set(samples.map((sample) => printExpr(sample.expression))).size).toBeGreaterThan(900);
  });

  it('stays within maxDepth (comparisons counting as a level, as the parser counts) and mentions x', () => {
    for (const sample of samples) {
      expect(depthOf(sample.expression)).toBeLessThanOrEqual(6);
      expect(opsOf(sample.expression).has('input')).toBe(true);
    }
    for (let seed = 1; seed <= 300; seed++) expect(depthOf(randomExpression(seed, { maxDepth: 4 }).expression)).toBeLessThanOrEqual(4);
    expect(6).toBeLessThan(maxExpressionDepth);
  });

  it('uses every numeric primitive but uniform and output, every comparison, constants and parameters', () => {
    const seen = new Set<string>();
    for (const sample of samples) for (const op of opsOf(sample.expression)) seen.add(op);
    for (const op of [...unaryOps, ...binaryOps, ...compareOps, 'clamp', 'select', 'const', 'param', 'input']) expect(seen, op).toContain(op);
    expect(seen).not.toContain('uniform');
    expect(seen).not.toContain('output');
  });

  it('makes valid definitions: constants float32 holds, parameters declared exactly where used', () => {
    let inexact = 0;
    for (const sample of samples) {
      const definition = randomExpressionDefinition(sample);
      expect(definition.id).toBe(`random/e${sample.seed}`);
      const used = new Set<string>();
      const visit = (node: Node): void => {
        if (node.op === 'param') used.add(node.name);
        if (node.op === 'const') {
          expect(Number.isFinite(Math.fround(node.value))).toBe(true);
          if (Math.fround(node.value) !== node.value) inexact += 1;
        }
        childrenOf(node).forEach(visit);
      };
      visit(sample.expression);
      expect(Object.keys(sample.params).sort()).toEqual([...used].sort());
      for (const name of Object.keys(sample.values)) expect(used).toContain(name);
    }
    // Representation error must actually occur.
    expect(inexact).toBeGreaterThan(100);
  });

  it('works as a fast-check arbitrary', () => {
    fc.assert(
      fc.property(fc.nat().map((seed) => randomExpression(seed)), (sample) => {
        expect(printExpr(randomExpression(sample.seed).expression)).toBe(printExpr(sample.expression));
        expect(depthOf(sample.expression)).toBeLessThanOrEqual(6);
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});

describe('errorBounds', () => {
  const at = (expression: NumNode, input: number, ulps: OpUlpBounds = correctlyRounded, params: Readonly<Record<string, number>> = {}) => errorBoundAt(expression, input, { ulps, params });

  it('computes the value the reference computes, on forward expressions and derivatives', () => {
    const mismatches: string[] = [];
    for (const sample of samples.slice(0, 400)) {
      const definition = randomExpressionDefinition(sample);
      const params = randomExpressionParams(sample);
      const inputs = randomExpressionInputs(sample.seed);
      const resolved = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, { kind: 'scalar' as const, value }]));
      const environment = { input: Float64Array.from(inputs), params: resolved, training: false, seed: 0, float32Uniforms: false };
      for (const expression of [definition.forward, analyze(definition).forward, analyze(definition).derivative]) {
        const expected = evaluateExpression(expression, environment);
        const { values } = errorBounds(expression, inputs, { ulps: cpuLike, params });
        values.forEach((value, index) => {
          if (!(Object.is(value, expected[index]) || value === expected[index])) mismatches.push(`${printExpr(expression)} at ${inputs[index]}: ${value} vs ${expected[index]}`);
        });
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('adds representation error and each rounding as stated', () => {
    // 3 * 0.1: |fround(0.1) - 0.1| * 3 + 2^-24 * 0.3 (a correctly rounded multiply).
    const scaled = at(mul(x, 0.1), 3);
    expect(scaled.bound).toBe(3 * Math.abs(Math.fround(0.1) - 0.1) + 2 ** -24 * 0.30000000000000004);
    // exp within 1 ulp: (1 + 1/2) 2^-23 e.
    expect(at(exp(x), 1, cpuLike).bound).toBe(1.5 * 2 ** -23 * Math.E);
    // Exact inputs through exact operations: no error at all.
    expect(at(clamp(x, -1, 1), 0.5).bound).toBe(0);
    // A rounding op whose exact result is 0 may still be half a denormal step off.
    expect(at(mul(x, 0), 3)).toEqual({ value: 0, bound: 2 ** -150, ambiguous: undefined });
    // A product adds the second-order term E_a E_b exactly.
    const e01 = Math.abs(Math.fround(0.1) - 0.1);
    const sum = e01 + 2 ** -24 * 0.1;
    expect(at(mul(add(x, 0.1), constant(0.1)), 0).bound).toBe(0.1 * sum + 0.1 * e01 + sum * e01 + 2 ** -24 * (0.1 * 0.1));
  });

  it('takes the larger of the naive and the erfc form for 1 - erf(t)', () => {
    const oneMinusErf = sub(1, { op: 'erf', args: [x] });
    const { value, bound } = at(oneMinusErf, 0.01, cpuLike);
    expect(value).toBe(erfc(0.01));
    // erfc's own 1.5 ulp of a value near 1 exceeds the naive bound (half an ulp of 1 plus erf's error of 0.01).
    expect(bound).toBeGreaterThanOrEqual(1.5 * 2 ** -23 * erfc(0.01));
  });

  it('marks ambiguous points: comparisons, range, conditioning and domain boundaries', () => {
    // x = fround(0.1) lies above 0.1; float32 backends compare it with fround(0.1) and find them equal.
    expect(at(select(gt(x, 0.1), 1, 0), Math.fround(0.1)).ambiguous).toBe('comparison');
    expect(at(select(gt(x, 0.5), 1, 0), 0.5).ambiguous).toBeUndefined();
    expect(at(exp(x), 80).ambiguous).toBe('range');
    expect(at(exp(x), -80).ambiguous).toBe('range');
    expect(at(mul(x, 1e-20), 1e-20).ambiguous).toBe('range');
    expect(at(x, 0).ambiguous).toBeUndefined();
    // log of 0.1 x - 0.1 near x = 1: the operand cancels, its relative error far above the second-order limit.
    expect(at(log(sub(mul(x, 0.1), 0.1)), Math.fround(1 + 2 ** -20)).ambiguous).toBe('conditioning');
    // A clear domain error is an exact NaN; one within the error is not.
    expect(at(log(x), -1)).toEqual({ value: Number.NaN, bound: 0, ambiguous: undefined });
    expect(at(sqrt(sub(mul(x, 0.1), 0.1)), 1).ambiguous).toBeDefined();
    // The unpicked branch of a select never matters.
    expect(at(select(gt(x, 0), x, exp(mul(x, -1000))), 1).ambiguous).toBeUndefined();
    // Infinite inputs: exact propagation, unless a sign that decides the result is uncertain.
    expect(at(mul(x, 2), Number.POSITIVE_INFINITY)).toEqual({ value: Number.POSITIVE_INFINITY, bound: 0, ambiguous: undefined });
    expect(at(mul(x, sub(mul(constant(0.1), 10), 1)), Number.POSITIVE_INFINITY).ambiguous).toBe('sign');
  });

  it('takes the larger operand bound at a min/max kink instead of skipping (both are 1-Lipschitz)', () => {
    const kink = at(min(mul(x, 0.1), 0.1), 1);
    expect(kink.ambiguous).toBeUndefined();
    expect(kink.bound).toBeGreaterThanOrEqual(Math.abs(Math.fround(0.1) - 0.1));
  });
});

/** Float32 `value` moved by `steps` ulps (along the float32 line, across zero). */
function moveUlps(value: number, steps: number): number {
  if (steps === 0 || !Number.isFinite(value)) return value;
  const scratch = new Float32Array([value]);
  const bits = new Int32Array(scratch.buffer);
  const raw = bits[0] ?? 0;
  const ordered = raw < 0 ? -(raw & 0x7fffffff) : raw;
  const moved = ordered + steps;
  bits[0] = moved < 0 ? -moved | -0x80000000 : moved;
  return scratch[0] ?? Number.NaN;
}

interface Simulation {
  readonly ulps: OpUlpBounds;
  readonly random: () => number;
  /** Errors of every op drawn in [-ulps, ulps] (false: always the worst case, +-ulps). */
  readonly uniform: boolean;
  /** One primitive evaluated with this many ulps of error instead. */
  readonly wrong?: { readonly op: string; readonly ulps: number };
  readonly swapSelects?: boolean;
  /** Sum chains evaluated in a shuffled order (as a reassociating compiler may). */
  readonly reassociate?: boolean;
}

/**
 * A float32 evaluation meeting (or, with `wrong`, breaking) per-primitive ulp bounds: every op on
 * float32 operands in float64, rounded to float32, then moved by an error within its bound.
 * 1 ± erf(t) and 1 ± tanh(t) take the stable form or the naive one at random, as backends may.
 */
function simulate(expression: NumNode, input: number, params: Readonly<Record<string, number>>, simulation: Simulation): number {
  const memo = new Map<NumNode, number>();
  const { ulps, random } = simulation;
  const err = (op: string): number => {
    if (simulation.wrong?.op === op) return simulation.wrong.ulps;
    const bound = (ulps as Readonly<Record<string, number>>)[op] ?? 0;
    if (!simulation.uniform) return random() < 0.5 ? -bound : bound;
    return Math.round((random() * 2 - 1) * bound);
  };
  /** Rounded and moved within the op's error; results from infinite or NaN operands (limits) are exact. */
  const rounded = (op: string, value: number, ...operands: number[]): number => (operands.every(Number.isFinite) ? moveUlps(Math.fround(value), err(op)) : Math.fround(value));

  const stable = (node: NumNode): number | undefined => {
    if (node.op !== 'add' && node.op !== 'sub') return undefined;
    const [left, right] = node.args;
    const isOne = (operand: NumNode): boolean => operand.op === 'const' && Math.fround(operand.value) === 1;
    const unwrap = (start: NumNode, startSign: number): number | undefined => {
      let other = start;
      let sign = startSign;
      while (other.op === 'neg') {
        other = other.args[0];
        sign = -sign;
      }
      if (other.op !== 'erf' && other.op !== 'tanh') return undefined;
      const t = visit(other.args[0]);
      return other.op === 'erf' ? rounded('erfc', erfc(-sign * t), t) : 2 * rounded('sigmoid', sigmoid(Math.fround(2 * sign * t)), t);
    };
    if (random() < 0.5) return undefined;
    if (isOne(left)) {
      const value = unwrap(right, node.op === 'add' ? 1 : -1);
      if (value !== undefined) return value;
    }
    return node.op === 'add' && isOne(right) ? unwrap(left, 1) : undefined;
  };

  const chain = (node: NumNode): number => {
    const terms: { node: NumNode; sign: number }[] = [];
    const stack: { node: NumNode; sign: number }[] = [{ node, sign: 1 }];
    while (stack.length > 0) {
      const current = stack.pop();
      if (current === undefined) break;
      const { node: item, sign } = current;
      if (item.op === 'neg') stack.push({ node: item.args[0], sign: -sign });
      else if (item.op === 'add' || item.op === 'sub') stack.push({ node: item.args[0], sign }, { node: item.args[1], sign: item.op === 'add' ? sign : -sign });
      else terms.push(current);
    }
    const values = terms.map((term) => term.sign * visit(term.node));
    for (let i = values.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [values[i], values[j]] = [values[j] ?? 0, values[i] ?? 0];
    }
    return values.slice(1).reduce((sum, value) => rounded('add', sum + value, sum, value), values[0] ?? 0);
  };

  const compute = (node: NumNode): number => {
    switch (node.op) {
      case 'const':
        return Math.fround(node.value);
      case 'param':
        return Math.fround(params[node.name] ?? Number.NaN);
      case 'input':
        return input;
      case 'uniform':
        return 0.5;
      case 'output':
        throw new Error('no output here');
      case 'neg':
      case 'abs':
        return applyUnary(node.op, visit(node.args[0]));
      case 'exp':
      case 'expm1':
      case 'log':
      case 'log1p':
      case 'sqrt':
      case 'tanh':
      case 'sigmoid':
      case 'erf': {
        const a = visit(node.args[0]);
        return rounded(node.op, applyUnary(node.op, a), a);
      }
      case 'add':
      case 'sub': {
        if (simulation.reassociate === true) return chain(node);
        const stableValue = stable(node);
        if (stableValue !== undefined) return stableValue;
        const [a, b] = [visit(node.args[0]), visit(node.args[1])];
        return rounded(node.op, applyBinary(node.op, a, b), a, b);
      }
      case 'mul':
      case 'div': {
        const [a, b] = [visit(node.args[0]), visit(node.args[1])];
        return rounded(node.op, applyBinary(node.op, a, b), a, b);
      }
      case 'min':
      case 'max':
        return applyBinary(node.op, visit(node.args[0]), visit(node.args[1]));
      case 'clamp':
        return applyBinary('min', applyBinary('max', visit(node.args[0]), visit(node.args[1])), visit(node.args[2]));
      case 'select': {
        const taken = applyCompare(node.cond.op, visit(node.cond.args[0]), visit(node.cond.args[1]));
        return visit(node.args[taken === (simulation.swapSelects !== true) ? 0 : 1]);
      }
    }
  };
  function visit(node: NumNode): number {
    const known = memo.get(node);
    if (known !== undefined) return known;
    const value = compute(node);
    memo.set(node, value);
    return value;
  }
  return visit(expression);
}

interface Outcome {
  readonly checked: number;
  readonly failed: number;
  readonly first?: string;
}

/** Checks a simulation of `expression` against the bound at `inputs`, as the backend tests do. */
function checkSimulation(expression: NumNode, inputs: Float32Array, params: Readonly<Record<string, number>>, simulation: Simulation, reassociation = false): Outcome {
  const { values, bounds, ambiguous } = errorBounds(expression, inputs, { ulps: simulation.ulps, params, reassociation });
  let checked = 0;
  let failed = 0;
  let first: string | undefined;
  inputs.forEach((input, index) => {
    if (ambiguous[index] !== undefined) return;
    checked += 1;
    const actual = simulate(expression, input, params, simulation);
    const expected = values[index] ?? Number.NaN;
    const bound = bounds[index] ?? Number.NaN;
    if (!withinBound(actual, expected, bound)) {
      failed += 1;
      first ??= `${printExpr(expression)} at x = ${input}: expected ${expected}, got ${actual}, bound ${bound}`;
    }
  });
  return { checked, failed, ...(first === undefined ? {} : { first }) };
}

describe('the bound holds for any float32 evaluation meeting the per-primitive bounds', () => {
  it('with errors anywhere within the stated ulps (fast-check over expressions and error draws)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer(), fc.boolean(), (seed, noise, uniform) => {
        const sample = randomExpression(seed);
        const params = randomExpressionParams(sample);
        const simulation: Simulation = { ulps: cpuLike, random: seededRandom(noise), uniform };
        for (const expression of [sample.expression, analyze(randomExpressionDefinition(sample)).derivative]) {
          const outcome = checkSimulation(expression, randomExpressionInputs(seed), params, simulation);
          expect(outcome.failed, outcome.first).toBe(0);
        }
      }),
      { seed: 2024, numRuns: 400 },
    );
  });

  it('with sums evaluated in any order, when reassociation is allowed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer(), (seed, noise) => {
        const sample = randomExpression(seed);
        const simulation: Simulation = { ulps: cpuLike, random: seededRandom(noise), uniform: false, reassociate: true };
        const outcome = checkSimulation(sample.expression, randomExpressionInputs(seed), randomExpressionParams(sample), simulation, true);
        expect(outcome.failed, outcome.first).toBe(0);
      }),
      { seed: 77, numRuns: 300 },
    );
  });

  it('needs the reassociation allowance for a reassociated sum (seen on Dawn/Mesa)', () => {
    // (m + x) - 4 computed as (m - 4) + x, m = -0.0992721398858812 from min(pi + x, m).
    const expression = sub(add(min(add(Math.PI, x), -0.0992721398858812), x), 4);
    const input = 0.021985210478305817;
    const reassociated = Math.fround(input + Math.fround(Math.fround(-0.0992721398858812) - 4));
    const strict = errorBoundAt(expression, input, { ulps: correctlyRounded });
    const allowed = errorBoundAt(expression, input, { ulps: correctlyRounded, reassociation: true });
    expect(withinBound(reassociated, strict.value, strict.bound)).toBe(false);
    expect(withinBound(reassociated, allowed.value, allowed.bound)).toBe(true);
  });
});

describe('meta: the check fails for a deliberately wrong evaluation', () => {
  const containing = (op: string, count: number): typeof samples => {
    const found: typeof samples = [];
    for (let seed = 1; found.length < count; seed++) {
      const sample = randomExpression(seed);
      if (opsOf(analyze(randomExpressionDefinition(sample)).forward).has(op)) found.push(sample);
    }
    return found;
  };

  /** Share of expressions in which some point fails. */
  const caught = (chosen: typeof samples, simulation: (seed: number) => Simulation, reassociation = false): number => {
    let detected = 0;
    for (const sample of chosen) {
      const expression = analyze(randomExpressionDefinition(sample)).forward;
      if (checkSimulation(expression, randomExpressionInputs(sample.seed), randomExpressionParams(sample), simulation(sample.seed), reassociation).failed > 0) detected += 1;
    }
    return detected / chosen.length;
  };

  it.each(['exp', 'tanh', 'erf', 'log1p', 'sigmoid', 'mul', 'add', 'div'])('an op off by 64 ulp: %s', (op) => {
    const chosen = containing(op, 60);
    const share = caught(chosen, (seed) => ({ ulps: cpuLike, random: seededRandom(seed), uniform: true, wrong: { op, ulps: 64 } }));
    // Not every occurrence can show (a term swamped by a larger one, a saturated tanh), most do.
    expect(share).toBeGreaterThan(0.5);
    // The same expressions evaluated honestly all pass.
    expect(caught(chosen, (seed) => ({ ulps: cpuLike, random: seededRandom(seed), uniform: true }))).toBe(0);
  });

  it.each(['exp', 'tanh', 'mul'])('an op off by 64 ulp, with the reassociation allowance: %s', (op) => {
    const share = caught(containing(op, 60), (seed) => ({ ulps: cpuLike, random: seededRandom(seed), uniform: true, wrong: { op, ulps: 64 } }), true);
    expect(share).toBeGreaterThan(0.5);
  });

  it('exp off by 64 ulp fails at a single point, and 1 ulp does not', () => {
    const inputs = Float32Array.of(1);
    expect(checkSimulation(exp(x), inputs, {}, { ulps: cpuLike, random: () => 0.9, uniform: true, wrong: { op: 'exp', ulps: 64 } }).failed).toBe(1);
    expect(checkSimulation(exp(x), inputs, {}, { ulps: cpuLike, random: () => 0.9, uniform: true, wrong: { op: 'exp', ulps: 1 } }).failed).toBe(0);
  });

  it('a swapped select branch', () => {
    const chosen = containing('select', 60);
    expect(caught(chosen, (seed) => ({ ulps: cpuLike, random: seededRandom(seed), uniform: true, swapSelects: true }))).toBeGreaterThan(0.8);
    const leaky = select(gt(x, 0), x, mul(x, 0.01));
    expect(checkSimulation(leaky, Float32Array.of(-2, 2), {}, { ulps: cpuLike, random: () => 0.5, uniform: true, swapSelects: true }).failed).toBe(2);
  });
});

/** The reference backend with its results changed by `tamper`. */
function tamperedTarget(name: string, tamper: (honest: Backend) => Partial<Pick<Backend, 'forward' | 'backward'>>): RandomExpressionTarget {
  return {
    name,
    ulps: correctlyRounded,
    create: (registry: Registry) => {
      const honest = createReferenceBackend(registry);
      return { ...honest, name, ...tamper(honest) };
    },
  };
}

const swapSelects = (node: NumNode): NumNode =>
  node.op === 'select' ? { op: 'select', cond: node.cond, args: [swapSelects(node.args[1]), swapSelects(node.args[0])] } : mapOperands(node, swapSelects);

const run = (target: RandomExpressionTarget, count = 80): Promise<RandomExpressionReport> => checkRandomExpressions({ targets: [target], count, seed: 500, chunkSize: 30 });
const failuresOf = (report: RandomExpressionReport): number => report.tallies.reduce((total, tally) => total + tally.failures, 0);
const specialFailuresOf = (report: RandomExpressionReport): number => report.tallies.reduce((total, tally) => total + tally.specialFailures, 0);

describe('checkRandomExpressions', () => {
  it('passes the reference backend, forward and backward, with nothing left unexplained', async () => {
    const report = await run({ name: 'reference', ulps: correctlyRounded, create: (registry) => createReferenceBackend(registry) }, 200);
    const [tally] = report.tallies;
    expect(report.failures.map(formatRandomExpressionFailure)).toEqual([]);
    expect(report.specialFailures.map(formatRandomExpressionFailure)).toEqual([]);
    expect(report.evaluatorMismatches.map(formatRandomExpressionFailure)).toEqual([]);
    expect(report.backwardExpressions).toBe(100);
    const points = 300 * report.inputsPerExpression;
    // Most points are checked: under 10% are skipped as ambiguous.
    expect((tally?.checked ?? 0) + (tally?.specialChecked ?? 0)).toBeGreaterThan(0.9 * points);
    expect(tally?.specialChecked).toBeGreaterThan(0.05 * points);
    expect(tally?.worstRatio).toBeLessThanOrEqual(1 + boundSlack);
  });

  it('fails a backend whose forward is 64 ulp off', async () => {
    const report = await run(tamperedTarget('forward-64-ulp', (honest) => ({
      forward: async (id, input, params, options) => (await honest.forward(id, input, params, options)).map((value) => moveUlps(value, 64)),
    })));
    expect(failuresOf(report)).toBeGreaterThan(1000);
    expect(formatRandomExpressionFailure(report.failures[0] ?? expect.fail('no failure kept'))).toMatch(/forward-64-ulp forward random\/e\d+: f\(x\) = .*; x = .*: reference .*, actual .*, \|difference\| .*, bound .*/);
  });

  it('fails a backend whose input gradient is 64 ulp off', async () => {
    const report = await run(tamperedTarget('gradient-64-ulp', (honest) => ({
      backward: async (id, input, gradOutput, params, options): Promise<BackwardResult> => {
        const result = await honest.backward(id, input, gradOutput, params, options);
        return { ...result, gradInput: result.gradInput.map((value) => moveUlps(value, 64)) };
      },
    })));
    expect(failuresOf(report)).toBeGreaterThan(500);
    expect(report.failures[0]?.kind).toBe('backward');
    expect(report.failures[0]?.derivative).toBeDefined();
  });

  it('fails a backend that swaps select branches', async () => {
    const report = await run(tamperedTarget('swapped-select', (honest) => ({
      forward: (id, input, params) => {
        const definition: ActivationDefinition = honest.registry.get(id);
        return Float32Array.from(referenceForward({ ...definition, forward: swapSelects(definition.forward) }, input, params, { float32Uniforms: true }));
      },
    })));
    expect(failuresOf(report) + specialFailuresOf(report)).toBeGreaterThan(100);
  });

  it('fails a backend that turns NaN into 0', async () => {
    const report = await run(tamperedTarget('nan-to-zero', (honest) => ({
      forward: async (id, input, params, options) => (await honest.forward(id, input, params, options)).map((value) => (Number.isNaN(value) ? 0 : value)),
    })));
    expect(failuresOf(report)).toBe(0);
    expect(specialFailuresOf(report)).toBeGreaterThan(50);
    expect(report.specialFailures[0]?.reference).toBeNaN();
  });
});

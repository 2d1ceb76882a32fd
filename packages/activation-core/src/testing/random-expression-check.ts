import { analyze } from '../analysis/analyze.js';
import type { Backend } from '../backend/types.js';
import { printExpr } from '../ir/print.js';
import { referenceDerivative, referenceForward } from '../reference/evaluate.js';
import type { Registry } from '../registry/registry.js';
import { createRegistry } from '../registry/registry.js';
import type { NumNode } from '../ir/nodes.js';
import { simplify } from '../ir/simplify.js';
import type { AmbiguityReason, ErrorBoundOptions, ErrorBounds, OpUlpBounds } from './error-bound.js';
import { boundSlack, errorBounds, withinBound } from './error-bound.js';
import type { RandomExpressionOptions } from './random-expressions.js';
import { randomExpression, randomExpressionDefinition, randomExpressionInputs, randomExpressionParams } from './random-expressions.js';

/** A backend under test, made afresh for every chunk of expressions. */
export interface RandomExpressionTarget {
  readonly name: string;
  /** The backend's stated per-primitive bounds. */
  readonly ulps: OpUlpBounds;
  /** Whether its compiler may reassociate sums (see `ErrorBoundOptions.reassociation`). */
  readonly reassociation?: boolean;
  /**
   * A backend over `registry`. Called once per chunk, before the chunk's definitions are registered,
   * so every definition reaches the backend as a late registration.
   */
  create(registry: Registry): Backend | Promise<Backend>;
  /** Releases a backend from `create` once its chunk is done (so compiled kernels can be collected). */
  release?(backend: Backend): void;
}

export interface RandomExpressionCheckOptions {
  readonly targets: readonly RandomExpressionTarget[];
  /** How many expressions. */
  readonly count: number;
  /** Seed of the first expression; expression i is `randomExpression(seed + i)`. 1 by default. */
  readonly seed?: number;
  /** Check backward (d/dx from core's `differentiate`) on every n-th expression; 2 by default, 0 for never. */
  readonly backwardEvery?: number;
  /** Expressions per registry and backend; 250 by default. */
  readonly chunkSize?: number;
  readonly generator?: RandomExpressionOptions;
  /** How many failures of each kind to keep in detail (all are counted); 20 by default. */
  readonly keepFailures?: number;
}

export interface RandomExpressionFailure {
  /** The target's name, or "bound evaluator" where its float64 value disagrees with the reference. */
  readonly target: string;
  readonly kind: 'forward' | 'backward';
  readonly id: string;
  /** The forward expression, and for backward also the derivative, as `printExpr` writes them. */
  readonly expression: string;
  readonly derivative?: string;
  readonly params: Readonly<Record<string, number>>;
  readonly input: number;
  readonly reference: number;
  readonly actual: number;
  readonly bound: number;
}

/** Counts for one target, forward and backward points together. */
export interface RandomExpressionTally {
  readonly target: string;
  /** Finite inputs where the reference is finite, compared within the bound. */
  readonly checked: number;
  /** Non-finite inputs, and finite ones where the reference is NaN or infinite (domain errors): compared with `withinBound`, which asks for the same NaN or infinity. */
  readonly specialChecked: number;
  /** Points skipped as ambiguous, by reason. */
  readonly skipped: Readonly<Record<AmbiguityReason, number>>;
  /** Finite points outside the bound. */
  readonly failures: number;
  /** Special points not reproduced. */
  readonly specialFailures: number;
  /** Largest |actual - reference| / bound over the checked finite points (up to 1 + boundSlack passes). */
  readonly worstRatio: number;
}

export interface RandomExpressionReport {
  readonly expressions: number;
  /** Expressions whose backward was checked too. */
  readonly backwardExpressions: number;
  readonly inputsPerExpression: number;
  readonly tallies: readonly RandomExpressionTally[];
  /** The first `keepFailures` bound failures (finite input and reference) of all targets. */
  readonly failures: readonly RandomExpressionFailure[];
  /** The first `keepFailures` failures at special points (non-finite input or reference) of all targets. */
  readonly specialFailures: readonly RandomExpressionFailure[];
  /** Points where the bound evaluator's own float64 value strays from the reference: a fault of this kit, not of a backend. */
  readonly evaluatorMismatches: readonly RandomExpressionFailure[];
  readonly milliseconds: number;
}

const show = (value: number): string => (Object.is(value, -0) ? '-0' : String(value));

/** One line per failure: target, kind, id, expression, parameters, input, reference, actual and bound. */
export function formatRandomExpressionFailure(failure: RandomExpressionFailure): string {
  const params = Object.keys(failure.params).length === 0 ? '' : ` with ${JSON.stringify(failure.params)}`;
  const derivative = failure.derivative === undefined ? '' : `, d/dx = ${failure.derivative}`;
  return (
    `${failure.target} ${failure.kind} ${failure.id}: f(x) = ${failure.expression}${derivative}${params}; ` +
    `x = ${show(failure.input)}: reference ${show(failure.reference)}, actual ${show(failure.actual)}, ` +
    `|difference| ${show(Math.abs(failure.actual - failure.reference))}, bound ${show(failure.bound)}`
  );
}

/**
 * Bounds that hold for every form of an expression a backend may evaluate: the expression as written
 * (the reference backend rounds each constant subexpression of it) and its simplified forms (real
 * backends fold constants in float64 and may form erfc from 1 - erf). The larger bound, and the
 * first ambiguity, at each point; values are those of the first form.
 */
function combinedBounds(forms: readonly NumNode[], inputs: ArrayLike<number>, options: ErrorBoundOptions): ErrorBounds {
  const unique = [...new Set(forms)];
  const [first, ...others] = unique.map((form) => errorBounds(form, inputs, options));
  if (first === undefined) throw new Error('combinedBounds: no expression');
  const bounds = Float64Array.from(first.bounds);
  const ambiguous = [...first.ambiguous];
  for (const other of others) {
    for (let i = 0; i < bounds.length; i++) {
      bounds[i] = Math.max(bounds[i] ?? 0, other.bounds[i] ?? 0);
      ambiguous[i] ??= other.ambiguous[i];
    }
  }
  return { values: first.values, bounds, ambiguous };
}

const emptySkips = (): Record<AmbiguityReason, number> => ({ comparison: 0, range: 0, conditioning: 0, sign: 0 });

/** A tally while it is being counted. */
type Counting = { -readonly [K in keyof RandomExpressionTally]: RandomExpressionTally[K] } & { readonly skipped: Record<AmbiguityReason, number> };

/**
 * Property-based agreement: `count` random expressions, each wrapped in a definition and registered
 * late, run forward (and backward on every `backwardEvery`-th) on `randomExpressionInputs` in one
 * call per expression and target, and compared with the float64 reference within the first-order
 * error bound from the target's stated per-primitive ulps (`errorBounds`); ambiguous points are
 * counted and skipped.
 */
export async function checkRandomExpressions(options: RandomExpressionCheckOptions): Promise<RandomExpressionReport> {
  const started = Date.now();
  const seed = options.seed ?? 1;
  const backwardEvery = options.backwardEvery ?? 2;
  const chunkSize = Math.max(1, options.chunkSize ?? 250);
  const keep = options.keepFailures ?? 20;
  const tallies: Counting[] = options.targets.map((target) => ({
    target: target.name, checked: 0, specialChecked: 0, skipped: emptySkips(), failures: 0, specialFailures: 0, worstRatio: 0,
  }));
  const failures: RandomExpressionFailure[] = [];
  const specialFailures: RandomExpressionFailure[] = [];
  const evaluatorMismatches: RandomExpressionFailure[] = [];
  let backwardExpressions = 0;
  let inputsPerExpression = 0;

  const record = (list: RandomExpressionFailure[], failure: RandomExpressionFailure): void => {
    if (list.length < keep) list.push(failure);
  };

  for (let start = 0; start < options.count; start += chunkSize) {
    const registry = createRegistry();
    const backends: Backend[] = [];
    for (const target of options.targets) backends.push(await target.create(registry));
    try {
      for (let index = start; index < Math.min(options.count, start + chunkSize); index++) {
        const sample = randomExpression(seed + index, options.generator);
        const definition = randomExpressionDefinition(sample);
        registry.register(definition);
        const analysis = analyze(definition);
        const params = randomExpressionParams(sample);
        const inputs = randomExpressionInputs(seed + index);
        inputsPerExpression = inputs.length;
        const backward = backwardEvery > 0 && index % backwardEvery === 0;
        if (backward) backwardExpressions += 1;
        const kinds = backward ? (['forward', 'backward'] as const) : (['forward'] as const);
        const forwardText = printExpr(sample.expression);

        for (const kind of kinds) {
          const expression = kind === 'forward' ? analysis.forward : analysis.derivative;
          const forms = kind === 'forward' ? [definition.forward, expression] : [expression, simplify(simplify(expression, { assumeFinite: true }))];
          const reference = kind === 'forward' ? referenceForward(definition, inputs, sample.values) : referenceDerivative(definition, inputs, sample.values);
          const derivativeText = kind === 'backward' ? printExpr(expression) : undefined;
          const failure = (target: string, input: number, expected: number, actual: number, bound: number): RandomExpressionFailure => ({
            target, kind, id: definition.id, expression: forwardText, ...(derivativeText === undefined ? {} : { derivative: derivativeText }), params, input, reference: expected, actual, bound,
          });

          for (let t = 0; t < options.targets.length; t++) {
            const target = options.targets[t];
            const backend = backends[t];
            const tally = tallies[t];
            if (target === undefined || backend === undefined || tally === undefined) continue;
            const actual =
              kind === 'forward'
                ? await backend.forward(definition.id, Float32Array.from(inputs), sample.values)
                : (await backend.backward(definition.id, Float32Array.from(inputs), new Float32Array(inputs.length).fill(1), sample.values)).gradInput;
            const { values, bounds, ambiguous } = combinedBounds(forms, inputs, { ulps: target.ulps, params, reassociation: target.reassociation === true });
            for (let i = 0; i < inputs.length; i++) {
              const input = inputs[i] ?? Number.NaN;
              const expected = reference[i] ?? Number.NaN;
              const value = values[i] ?? Number.NaN;
              const bound = bounds[i] ?? Number.NaN;
              const got = actual[i] ?? Number.NaN;
              const reason = ambiguous[i];
              if (reason !== undefined) {
                tally.skipped[reason] += 1;
                continue;
              }
              // The evaluator must see the value the reference computes, well inside the bound.
              if (t === 0 && !(Object.is(value, expected) || Math.abs(value - expected) <= bound * boundSlack)) {
                record(evaluatorMismatches, failure('bound evaluator', input, expected, value, bound));
              }
              const passed = withinBound(got, expected, bound);
              if (Number.isFinite(input) && Number.isFinite(expected)) {
                tally.checked += 1;
                if (bound > 0) tally.worstRatio = Math.max(tally.worstRatio, Math.abs(got - expected) / bound);
                if (!passed) {
                  tally.failures += 1;
                  record(failures, failure(target.name, input, expected, got, bound));
                }
              } else {
                tally.specialChecked += 1;
                if (!passed) {
                  tally.specialFailures += 1;
                  record(specialFailures, failure(target.name, input, expected, got, bound));
                }
              }
            }
          }
        }
      }
    } finally {
      options.targets.forEach((target, t) => {
        const backend = backends[t];
        if (backend !== undefined) target.release?.(backend);
      });
    }
  }

  return { expressions: options.count, backwardExpressions, inputsPerExpression, tallies, failures, specialFailures, evaluatorMismatches, milliseconds: Date.now() - started };
}

/** A short summary of a report, for logs. */
export function summarizeRandomExpressionReport(report: RandomExpressionReport): string {
  const lines = [
    `${report.expressions} expressions (${report.backwardExpressions} with backward), ${report.inputsPerExpression} inputs each, ${(report.milliseconds / 1000).toFixed(1)} s`,
    ...report.tallies.map((tally) => {
      const skipped = Object.values(tally.skipped).reduce((total, count) => total + count, 0);
      const reasons = Object.entries(tally.skipped).map(([reason, count]) => `${reason} ${count}`).join(', ');
      return (
        `  ${tally.target}: ${tally.checked} finite points checked, ${tally.failures} outside the bound (worst |error| / bound ${tally.worstRatio.toFixed(3)}); ` +
        `${tally.specialChecked} special points (non-finite input or reference) checked, ${tally.specialFailures} wrong; ${skipped} points skipped as ambiguous (${reasons})`
      );
    }),
  ];
  return lines.join('\n');
}

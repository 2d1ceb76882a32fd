import type { ActivationDefinition } from '../definition/definition.js';
import { findKinks } from '../ir/kinks.js';
import { referenceDerivative, referenceForward, referenceParamDerivative } from '../reference/evaluate.js';
import { normalSamples } from './inputs.js';

export interface DerivativeCheck {
  /** What was checked: "d/dx", "d/dalpha", or "explicit d/dx vs derived". */
  readonly what: string;
  readonly ok: boolean;
  /** Largest error relative to max(1, |expected|). */
  readonly maxError: number;
  /** Input where the largest error occurred. */
  readonly worstInput: number;
  readonly points: number;
}

export interface DerivativeReport {
  readonly id: string;
  readonly ok: boolean;
  readonly checks: readonly DerivativeCheck[];
}

const finiteDifferenceTolerance = 1e-6;
const explicitTolerance = 1e-9;

/** Sample points in [-6, 6] at least `margin` away from every kink. */
function samplePoints(kinks: readonly number[], seed: number): number[] {
  const margin = 1e-3;
  const candidates = [...normalSamples(96, seed, 2.5), -5.5, -3.3, -1.7, -0.9, -0.25, 0.25, 0.9, 1.7, 3.3, 5.5];
  return candidates.filter((value) => Math.abs(value) <= 6 && kinks.every((kink) => Math.abs(value - kink) > margin));
}

function compare(what: string, inputs: readonly number[], expected: ArrayLike<number>, actual: ArrayLike<number>, tolerance: number): DerivativeCheck {
  let maxError = 0;
  let worstInput = Number.NaN;
  for (let i = 0; i < inputs.length; i++) {
    const e = expected[i] ?? Number.NaN;
    const a = actual[i] ?? Number.NaN;
    const error = Math.abs(e - a) / Math.max(1, Math.abs(e));
    if (!(error <= maxError)) {
      maxError = Number.isNaN(error) ? Number.POSITIVE_INFINITY : error;
      worstInput = inputs[i] ?? Number.NaN;
    }
  }
  return { what, ok: maxError <= tolerance, maxError, worstInput, points: inputs.length };
}

/** Central differences in float64 with a step scaled to the input. */
function centralDifference(f: (values: readonly number[]) => Float64Array, inputs: readonly number[]): Float64Array {
  const steps = inputs.map((value) => 1e-5 * Math.max(1, Math.abs(value)));
  const above = f(inputs.map((value, index) => value + (steps[index] ?? 0)));
  const below = f(inputs.map((value, index) => value - (steps[index] ?? 0)));
  return Float64Array.from(inputs, (_, index) => ((above[index] ?? 0) - (below[index] ?? 0)) / (2 * (steps[index] ?? 1)));
}

/**
 * Checks a definition's derivatives away from kinks: d/dx and every d/dparam against central finite
 * differences of the forward, and an author-supplied derivative against the derived one.
 */
export function checkDerivatives(definition: ActivationDefinition, params: Readonly<Record<string, number>> = {}, seed = 7): DerivativeReport {
  const inputs = samplePoints(findKinks(definition, params), seed);
  const checks: DerivativeCheck[] = [];

  const numeric = centralDifference((values) => referenceForward(definition, values, params), inputs);
  checks.push(compare('d/dx', inputs, numeric, referenceDerivative(definition, inputs, params), finiteDifferenceTolerance));
  if (definition.derivative !== undefined) {
    checks.push(compare('explicit d/dx vs derived', inputs, referenceDerivative(definition, inputs, params, { derived: true }), referenceDerivative(definition, inputs, params), explicitTolerance));
  }
  if (definition.derivativeFromOutput !== undefined) {
    const output = referenceForward(definition, inputs, params);
    checks.push(compare('d/dx from the output vs derived', inputs, referenceDerivative(definition, inputs, params, { derived: true }), referenceDerivative(definition, inputs, params, { output }), explicitTolerance));
  }

  for (const [name, spec] of Object.entries(definition.params)) {
    if (spec.integer === true) continue;
    const base = params[name] ?? spec.default;
    const step = 1e-5 * Math.max(1, Math.abs(base));
    const lowValue = spec.min !== undefined && base - step <= spec.min ? base : base - step;
    const highValue = spec.max !== undefined && base + step >= spec.max ? base : base + step;
    if (highValue === lowValue) continue;
    const above = referenceForward(definition, inputs, { ...params, [name]: highValue });
    const below = referenceForward(definition, inputs, { ...params, [name]: lowValue });
    const numericParam = above.map((value, index) => (value - (below[index] ?? 0)) / (highValue - lowValue));
    const paramTolerance = lowValue === base || highValue === base ? 1e-4 : finiteDifferenceTolerance;
    checks.push(compare(`d/d${name}`, inputs, numericParam, referenceParamDerivative(definition, name, inputs, params), paramTolerance));
    if (definition.paramDerivatives[name] !== undefined) {
      checks.push(compare(`explicit d/d${name} vs derived`, inputs, referenceParamDerivative(definition, name, inputs, params, { derived: true }), referenceParamDerivative(definition, name, inputs, params), explicitTolerance));
    }
  }
  return { id: definition.id, ok: checks.every((check) => check.ok), checks };
}

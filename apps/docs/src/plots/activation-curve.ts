import type { ActivationDefinition, ParamSpec } from '@rectify/activation-core';
import { findKinks, referenceDerivative, referenceForward } from '@rectify/activation-core';

export interface KinkPoint {
  readonly x: number;
  /** f at the kink and the derivative the definition uses there (its convention, not a limit). */
  readonly value: number;
  readonly derivative: number;
}

/** Columns for a chart: x ascending, then f, f', and f and f' at the kinks only (null elsewhere). */
export interface ActivationCurve {
  readonly xs: number[];
  readonly values: (number | null)[];
  readonly derivatives: (number | null)[];
  readonly kinkValues: (number | null)[];
  readonly kinkDerivatives: (number | null)[];
  readonly kinks: readonly KinkPoint[];
  readonly range: readonly [number, number];
}

/** At least [-4, 4], widened to show every kink with a margin of 2. */
export function plotRange(kinks: readonly number[]): [number, number] {
  const low = Math.min(-4, ...kinks.map((kink) => kink - 2));
  const high = Math.max(4, ...kinks.map((kink) => kink + 2));
  return [low, high];
}

const finiteOrNull = (value: number | undefined): number | null => (value !== undefined && Number.isFinite(value) ? value : null);

/** f and f' over the plot range from the float64 reference, with each kink included as a sample. */
export function activationCurve(definition: ActivationDefinition, params: Readonly<Record<string, number>>, samples = 401): ActivationCurve {
  const kinkInputs = findKinks(definition, params);
  const range = plotRange(kinkInputs);
  const [low, high] = range;
  const grid = Array.from({ length: samples }, (_, index) => low + ((high - low) * index) / (samples - 1));
  const kinkSet = new Set(kinkInputs);
  const xs = [...new Set([...grid, ...kinkInputs])].sort((a, b) => a - b);
  const forward = referenceForward(definition, xs, params);
  const derivative = referenceDerivative(definition, xs, params);
  const kinks = kinkInputs.map((x) => {
    const index = xs.indexOf(x);
    return { x, value: forward[index] ?? Number.NaN, derivative: derivative[index] ?? Number.NaN };
  });
  return {
    xs,
    values: xs.map((_, index) => finiteOrNull(forward[index])),
    derivatives: xs.map((_, index) => finiteOrNull(derivative[index])),
    kinkValues: xs.map((x, index) => (kinkSet.has(x) ? finiteOrNull(forward[index]) : null)),
    kinkDerivatives: xs.map((x, index) => (kinkSet.has(x) ? finiteOrNull(derivative[index]) : null)),
    kinks,
    range,
  };
}

export interface SliderSpec {
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

/**
 * A slider for a parameter: its declared range where bounded (an exclusive bound is kept one step
 * inside), else the default plus or minus max(1, 2 |default|).
 */
export function sliderSpec(spec: ParamSpec): SliderSpec {
  const span = Math.max(1, 2 * Math.abs(spec.default));
  if (spec.integer === true) {
    const min = spec.min === undefined ? Math.floor(spec.default - span) : Math.ceil(spec.min + (spec.exclusiveMin === true ? 1 : 0));
    const max = spec.max === undefined ? Math.ceil(spec.default + span) : Math.floor(spec.max - (spec.exclusiveMax === true ? 1 : 0));
    return { min, max, step: 1 };
  }
  const low = spec.min ?? spec.default - span;
  const high = spec.max ?? spec.default + span;
  const step = (high - low) / 200;
  return { min: spec.exclusiveMin === true ? low + step : low, max: spec.exclusiveMax === true ? high - step : high, step };
}

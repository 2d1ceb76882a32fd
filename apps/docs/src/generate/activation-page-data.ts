import type { ActivationDefinition, ActivationDocs, Registry } from '@rectify/activation-core';
import { describeRange, findKinks, referenceAt, referenceDerivativeAt } from '@rectify/activation-core';
import type { ActivationOrigin } from '../site/site-registry.js';
import { originOf } from '../site/site-registry.js';
import { formatNumber } from '../site/format-number.js';
import type { AccuracyEntry } from './accuracy-table.js';
import type { ConformanceOutcome } from './run-conformance.js';

export interface ParameterRow {
  readonly name: string;
  readonly defaultValue: string;
  readonly range: string;
  readonly description: string;
  readonly notes: readonly string[];
}

export interface PointValues {
  readonly input: string;
  readonly output: string;
  readonly derivative: string;
}

export interface BackendAccuracy {
  readonly backend: string;
  /** Where the figures come from, e.g. "packages/backend-webgpu/README.md". */
  readonly source: string;
  /** Empty when the source has no row for this activation or does not exist. */
  readonly entries: readonly AccuracyEntry[];
  readonly note: string | undefined;
}

export interface BackendConformance {
  readonly backend: string;
  readonly status: 'pass' | 'fail' | 'not-run';
  readonly passed: number;
  readonly failed: number;
  readonly failures: readonly string[];
  /** The tolerance the run used and where it came from; or why the run did not happen. */
  readonly note: string;
}

export interface ActivationPageData {
  readonly id: string;
  readonly name: string;
  readonly latex: string;
  readonly description: string;
  readonly conventions: string | undefined;
  readonly paper: ActivationDocs['paper'];
  readonly properties: ActivationDocs['properties'];
  readonly origin: ActivationOrigin;
  readonly parameters: readonly ParameterRow[];
  /** The name in each library, and how its defaults differ from this definition's ('' when they agree). */
  readonly aliases: readonly { readonly library: string; readonly name: string; readonly differences: string }[];
  /** Each kink at the default parameters, with the value and the derivative used there. */
  readonly kinks: readonly PointValues[];
  /** f and f' at NaN and the infinities, from the float64 reference at the default parameters. */
  readonly specialValues: readonly PointValues[];
  readonly accuracy: readonly BackendAccuracy[];
  readonly conformance: readonly BackendConformance[];
}

const aliasLibraries = [
  ['pytorch', 'PyTorch'],
  ['keras', 'Keras'],
  ['onnx', 'ONNX'],
  ['tfjs', 'TensorFlow.js'],
] as const;

function parameterRows(definition: ActivationDefinition): ParameterRow[] {
  return Object.entries(definition.params).map(([name, spec]) => {
    const notes: string[] = [];
    if (spec.choices !== undefined) notes.push(`choices: ${spec.choices.map((choice, index) => `${index} = "${choice}"`).join(', ')}`);
    if (spec.integer === true) notes.push('integer');
    if (spec.learnable === true) notes.push('learnable');
    if (spec.perChannel === true) notes.push('per channel (axis 1)');
    const defaultValue = spec.choices?.[spec.default] === undefined ? formatNumber(spec.default) : `${formatNumber(spec.default)} ("${spec.choices[spec.default] ?? ''}")`;
    return { name, defaultValue, range: describeRange(spec), description: spec.description, notes };
  });
}

const pointValues = (definition: ActivationDefinition, input: number, label = formatNumber(input)): PointValues => ({
  input: label,
  output: formatNumber(referenceAt(definition, input)),
  derivative: formatNumber(referenceDerivativeAt(definition, input)),
});

export interface PageDataSources {
  readonly accuracy: readonly { readonly backend: string; readonly source: string; readonly entries: ReadonlyMap<string, readonly AccuracyEntry[]> | undefined; readonly missingNote: string }[];
  readonly conformance: readonly { readonly backend: string; readonly outcomes: ReadonlyMap<string, ConformanceOutcome> | undefined; readonly note: string }[];
  readonly accuracyFor: (entries: ReadonlyMap<string, readonly AccuracyEntry[]>, id: string) => readonly AccuracyEntry[];
}

export function activationPageData(registry: Registry, definition: ActivationDefinition, sources: PageDataSources): ActivationPageData {
  const { docs } = definition;
  return {
    id: definition.id,
    name: docs.name,
    latex: docs.latex,
    description: docs.description,
    conventions: docs.conventions,
    paper: docs.paper,
    properties: docs.properties,
    origin: originOf(registry, definition),
    parameters: parameterRows(definition),
    aliases: aliasLibraries.flatMap(([key, library]) => {
      const alias = docs.aliases?.[key];
      if (alias === undefined) return [];
      if (typeof alias === 'string') return [{ library, name: alias, differences: '' }];
      const defaults = Object.entries(alias.defaults ?? {}).map(([name, value]) => `default ${name} = ${formatNumber(value)} (here ${formatNumber(definition.params[name]?.default ?? Number.NaN)})`);
      return [{ library, name: alias.name, differences: [...defaults, ...(alias.note === undefined ? [] : [alias.note])].join('; ') }];
    }),
    kinks: findKinks(definition).map((kink) => pointValues(definition, kink)),
    specialValues: [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY].map((input) => pointValues(definition, input)),
    accuracy: sources.accuracy.map(({ backend, source, entries, missingNote }) => {
      const rows = entries === undefined ? [] : sources.accuracyFor(entries, definition.id);
      const note = entries === undefined ? missingNote : rows.length === 0 ? `${source} has no row for this activation.` : undefined;
      return { backend, source, entries: rows, note };
    }),
    conformance: sources.conformance.map(({ backend, outcomes, note }) => {
      const outcome = outcomes?.get(definition.id);
      if (outcome === undefined) return { backend, status: 'not-run', passed: 0, failed: 0, failures: [], note };
      return { backend, status: outcome.failed === 0 ? 'pass' : 'fail', passed: outcome.passed, failed: outcome.failed, failures: outcome.failures, note };
    }),
  };
}

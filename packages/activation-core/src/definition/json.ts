import { RectifyError } from '../errors.js';
import type { NumNode } from '../ir/nodes.js';
import type { ActivationDefinition } from './definition.js';
import { defineActivation } from './define-activation.js';
import type { ParamSpec } from './param-spec.js';

/** The JSON form of a definition: what a plugin ships when it ships data instead of code. */
export interface ActivationDefinitionJSON {
  readonly id: string;
  readonly specVersion: number;
  readonly params: Readonly<Record<string, ParamSpec>>;
  readonly forward: NumNode;
  readonly derivative?: NumNode;
  readonly derivativeFromOutput?: NumNode;
  readonly paramDerivatives?: Readonly<Record<string, NumNode>>;
  readonly docs: ActivationDefinition['docs'];
}

function paramSpecToJSON(spec: ParamSpec): ParamSpec {
  // JSON has no infinities; an infinite bound means unbounded.
  const entries = Object.entries(spec).filter(([, value]) => typeof value !== 'number' || Number.isFinite(value));
  return Object.fromEntries(entries) as ParamSpec & object;
}

export function definitionToJSON(definition: ActivationDefinition): ActivationDefinitionJSON {
  const paramDerivatives = Object.fromEntries(Object.entries(definition.paramDerivatives).filter((entry): entry is [string, NumNode] => entry[1] !== undefined));
  return {
    id: definition.id,
    specVersion: definition.specVersion,
    params: Object.fromEntries(Object.entries(definition.params).map(([name, spec]) => [name, paramSpecToJSON(spec)])),
    forward: definition.forward,
    ...(definition.derivative === undefined ? {} : { derivative: definition.derivative }),
    ...(definition.derivativeFromOutput === undefined ? {} : { derivativeFromOutput: definition.derivativeFromOutput }),
    ...(Object.keys(paramDerivatives).length === 0 ? {} : { paramDerivatives }),
    docs: definition.docs,
  };
}

/** Parses and validates a definition from JSON text or a parsed object; untrusted input is safe. */
export function definitionFromJSON(json: unknown): ActivationDefinition {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new RectifyError('MALFORMED_DEFINITION', `Activation JSON does not parse: ${String(error)}`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RectifyError('MALFORMED_DEFINITION', 'Activation JSON must be an object.');
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!['id', 'specVersion', 'params', 'forward', 'derivative', 'derivativeFromOutput', 'paramDerivatives', 'docs'].includes(key)) {
      throw new RectifyError('MALFORMED_DEFINITION', `Activation JSON has an unknown field "${key}".`, { field: key });
    }
  }
  // defineActivation validates every field of untyped input; the casts only restate that contract.
  return defineActivation({
    id: record['id'] as string,
    specVersion: record['specVersion'] as number,
    params: (record['params'] ?? {}) as Record<string, ParamSpec>,
    forward: record['forward'] as NumNode,
    ...(record['derivative'] === undefined ? {} : { derivative: record['derivative'] as NumNode }),
    ...(record['derivativeFromOutput'] === undefined ? {} : { derivativeFromOutput: record['derivativeFromOutput'] as NumNode }),
    ...(record['paramDerivatives'] === undefined ? {} : { paramDerivatives: record['paramDerivatives'] as Record<string, NumNode> }),
    docs: record['docs'] as ActivationDefinition['docs'],
  });
}

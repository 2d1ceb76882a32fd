import { RectifyError } from '../errors.js';
import type { ActivationDefinition } from '../definition/definition.js';
import { assertNamespace, namespaceOf } from '../definition/identifiers.js';

/** A named, versioned bundle of activations whose ids all live under `namespace/`. */
export interface Plugin {
  readonly name: string;
  readonly version: string;
  readonly namespace: string;
  readonly activations: readonly ActivationDefinition[];
}

export interface PluginSpec {
  /** The package name, e.g. "@acme/rectify-bent". */
  readonly name: string;
  readonly version: string;
  /** Every activation id must be "namespace/name". */
  readonly namespace: string;
  readonly activations: readonly ActivationDefinition[];
}

const semanticVersion = /^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

const isNonEmptyArray = (value: unknown): boolean => Array.isArray(value) && value.length > 0;

export function definePlugin(spec: PluginSpec): Plugin {
  if (typeof spec.name !== 'string' || spec.name.length === 0) {
    throw new RectifyError('INVALID_PLUGIN', 'A plugin needs a non-empty name.');
  }
  if (typeof spec.version !== 'string' || !semanticVersion.test(spec.version)) {
    throw new RectifyError('INVALID_PLUGIN', `Plugin "${spec.name}" needs a semantic version such as "1.0.0", got ${JSON.stringify(spec.version)}.`, { plugin: spec.name });
  }
  assertNamespace(spec.namespace);
  if (!isNonEmptyArray(spec.activations)) {
    throw new RectifyError('INVALID_PLUGIN', `Plugin "${spec.name}" has no activations.`, { plugin: spec.name });
  }
  const seen = new Set<string>();
  for (const definition of spec.activations) {
    if (seen.has(definition.id)) {
      throw new RectifyError('ID_COLLISION', `Plugin "${spec.name}" lists activation id "${definition.id}" twice.`, { plugin: spec.name, id: definition.id });
    }
    seen.add(definition.id);
    if (namespaceOf(definition.id) !== spec.namespace) {
      throw new RectifyError('INVALID_PLUGIN', `Plugin "${spec.name}": activation id "${definition.id}" must be namespaced as "${spec.namespace}/…".`, { plugin: spec.name, id: definition.id });
    }
  }
  return Object.freeze({ name: spec.name, version: spec.version, namespace: spec.namespace, activations: Object.freeze([...spec.activations]) });
}

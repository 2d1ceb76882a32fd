import { RectifyError } from '../errors.js';

/** Built-in ids are bare snake_case; plugin ids are `namespace/name`. Only these characters, so generated code may print them as they are. */
const activationIdPattern = /^(?:[a-z][a-z0-9-]{0,63}\/)?[a-z][a-z0-9_-]{0,63}$/;
const namespacePattern = /^[a-z][a-z0-9-]{0,63}$/;
const parameterNamePattern = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const reservedParameterNames: ReadonlySet<string> = new Set(['x', 'y', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty']);

export function isActivationId(value: unknown): value is string {
  return typeof value === 'string' && activationIdPattern.test(value);
}

export function assertActivationId(value: unknown): asserts value is string {
  if (!isActivationId(value)) {
    throw new RectifyError(
      'INVALID_IDENTIFIER',
      `Activation id ${JSON.stringify(value)} is not valid: use lower-case snake_case such as "leaky_relu", or "namespace/name" for a plugin.`,
      { id: value },
    );
  }
}

export function assertNamespace(value: unknown): asserts value is string {
  if (typeof value !== 'string' || !namespacePattern.test(value)) {
    throw new RectifyError('INVALID_IDENTIFIER', `Plugin namespace ${JSON.stringify(value)} is not valid: use lower-case letters, digits and "-".`, { namespace: value });
  }
}

export function assertParameterName(value: unknown): asserts value is string {
  if (typeof value !== 'string' || !parameterNamePattern.test(value) || reservedParameterNames.has(value)) {
    throw new RectifyError(
      'INVALID_IDENTIFIER',
      `Parameter name ${JSON.stringify(value)} is not a plain identifier (letters, digits and "_", starting with a letter; not x, y or an Object method).`,
      { name: value },
    );
  }
}

/** The namespace of a plugin id, or undefined for a bare built-in id. */
export function namespaceOf(id: string): string | undefined {
  const slash = id.indexOf('/');
  return slash === -1 ? undefined : id.slice(0, slash);
}

import type { ActivationDefinition, Registry } from '@rectify/activation-core';
import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { plugins } from '../rectify.config.js';

/** The built-ins plus every plugin of rectify.config.ts; the one source of the site's activations. */
export function createSiteRegistry(): Registry {
  return createRegistry({ activations: builtinActivations, plugins });
}

export type ActivationOrigin = { readonly kind: 'built-in' } | { readonly kind: 'plugin'; readonly name: string; readonly version: string };

export function originOf(registry: Registry, definition: ActivationDefinition): ActivationOrigin {
  const plugin = registry.plugins().find((candidate) => candidate.activations.some((activation) => activation.id === definition.id));
  return plugin === undefined ? { kind: 'built-in' } : { kind: 'plugin', name: plugin.name, version: plugin.version };
}

/** The page path of an activation, without extension: ids with a namespace become folders. */
export const activationPath = (id: string): string => `/activations/${id}`;

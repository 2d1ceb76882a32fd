import type { ActivationDefinition } from '@rectify/activation-core';
import { createSiteRegistry } from '../site/site-registry.js';

const registry = createSiteRegistry();

/** Every activation of the site, for the widgets' menus (plugins of rectify.config.ts included). */
export const activationChoices: readonly { readonly id: string; readonly name: string }[] = registry.list().map((definition) => ({ id: definition.id, name: definition.docs.name }));

export const activationById = (id: string): ActivationDefinition => registry.get(id);

/** Each parameter at its default: the widgets show activations as they come. */
export const defaultParams = (definition: ActivationDefinition): Record<string, number> => Object.fromEntries(Object.entries(definition.params).map(([name, spec]) => [name, spec.default]));

export const seriesColors = ['#3451b2', '#d9480f', '#2f9e44', '#ae3ec9', '#1098ad'] as const;

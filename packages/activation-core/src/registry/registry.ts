import { RectifyError } from '../errors.js';
import type { ActivationDefinition } from '../definition/definition.js';
import { isValidatedDefinition } from '../definition/define-activation.js';
import { definitionFromJSON, definitionToJSON } from '../definition/json.js';
import type { Plugin } from './plugin.js';
import { closestMatches } from './suggest.js';

export type RegistryEvent =
  | { readonly type: 'register'; readonly definition: ActivationDefinition }
  | { readonly type: 'override'; readonly definition: ActivationDefinition; readonly previous: ActivationDefinition };

export type RegistryListener = (event: RegistryEvent) => void;

export interface RegisterOptions {
  /** Replace a different definition already registered under the same id. */
  readonly override?: boolean;
}

export interface Registry {
  /** Adds a definition. The identical definition again is a no-op; a different one under a taken id throws unless `override`. */
  register(definition: ActivationDefinition, options?: RegisterOptions): void;
  /** Registers every activation of a plugin. */
  use(plugin: Plugin, options?: RegisterOptions): void;
  /** The definition for `id`, or a RectifyError with code UNKNOWN_ACTIVATION suggesting close ids. */
  get(id: string): ActivationDefinition;
  has(id: string): boolean;
  list(): readonly ActivationDefinition[];
  plugins(): readonly Plugin[];
  /** Called after every register/override; returns a function that unsubscribes. */
  subscribe(listener: RegistryListener): () => void;
}

/**
 * A definition from defineActivation() passes as it is. Anything else (a hand-built object, or one
 * made by another copy of this package) is validated again from its JSON form, so a registry only
 * ever holds checked expressions.
 */
function revalidated(definition: ActivationDefinition): ActivationDefinition {
  if (isValidatedDefinition(definition)) return definition;
  if (typeof definition !== 'object' || (definition as unknown) === null) {
    throw new RectifyError('MALFORMED_DEFINITION', 'register() takes a definition made by defineActivation() or definitionFromJSON().');
  }
  try {
    return definitionFromJSON(definitionToJSON(definition));
  } catch (error) {
    if (error instanceof RectifyError) throw error;
    throw new RectifyError('MALFORMED_DEFINITION', `register() could not read the definition ${JSON.stringify(String((definition as { id?: unknown }).id))}: ${String(error)}`);
  }
}

class ActivationRegistry implements Registry {
  private readonly definitions = new Map<string, ActivationDefinition>();
  private readonly fingerprints = new Map<string, string>();
  private readonly usedPlugins = new Map<string, Plugin>();
  private readonly listeners = new Set<RegistryListener>();

  register(candidate: ActivationDefinition, options: RegisterOptions = {}): void {
    const definition = revalidated(candidate);
    const fingerprint = JSON.stringify(definitionToJSON(definition));
    const previous = this.definitions.get(definition.id);
    if (previous !== undefined) {
      if (this.fingerprints.get(definition.id) === fingerprint) return;
      if (options.override !== true) {
        throw new RectifyError('ID_COLLISION', `Activation id "${definition.id}" is already registered with a different definition; pass { override: true } to replace it.`, { id: definition.id });
      }
    }
    this.definitions.set(definition.id, definition);
    this.fingerprints.set(definition.id, fingerprint);
    this.emit(previous === undefined ? { type: 'register', definition } : { type: 'override', definition, previous });
  }

  use(plugin: Plugin, options: RegisterOptions = {}): void {
    // Check every activation first so a conflicting or malformed plugin registers nothing.
    const definitions = plugin.activations.map(revalidated);
    for (const definition of definitions) {
      const existing = this.fingerprints.get(definition.id);
      if (existing !== undefined && existing !== JSON.stringify(definitionToJSON(definition)) && options.override !== true) {
        throw new RectifyError('ID_COLLISION', `Plugin "${plugin.name}": activation id "${definition.id}" is already registered with a different definition.`, { id: definition.id, plugin: plugin.name });
      }
    }
    for (const definition of definitions) this.register(definition, options);
    this.usedPlugins.set(plugin.name, plugin);
  }

  get(id: string): ActivationDefinition {
    const definition = this.definitions.get(id);
    if (definition !== undefined) return definition;
    const suggestions = closestMatches(id, this.definitions.keys());
    const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : '';
    throw new RectifyError('UNKNOWN_ACTIVATION', `Unknown activation id "${id}".${hint}`, { id, suggestions });
  }

  has(id: string): boolean {
    return this.definitions.has(id);
  }

  list(): readonly ActivationDefinition[] {
    return [...this.definitions.values()];
  }

  plugins(): readonly Plugin[] {
    return [...this.usedPlugins.values()];
  }

  subscribe(listener: RegistryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: RegistryEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}

export interface CreateRegistryOptions {
  /** Definitions to register at creation, e.g. `builtinActivations`. */
  readonly activations?: readonly ActivationDefinition[];
  readonly plugins?: readonly Plugin[];
}

export function createRegistry(options: CreateRegistryOptions = {}): Registry {
  const registry = new ActivationRegistry();
  for (const definition of options.activations ?? []) registry.register(definition);
  for (const plugin of options.plugins ?? []) registry.use(plugin);
  return registry;
}

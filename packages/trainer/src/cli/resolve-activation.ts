import type { Plugin, Registry } from '@rectify/activation-core';
import { RectifyError } from '@rectify/activation-core';
import { nodePath, nodeUrl } from '../node-builtins.js';

/**
 * The registered id for a name given on the command line: the id itself, or the one namespaced id
 * ending in `/<name>` (`gelu` → `smooth/gelu`). Unknown names throw UNKNOWN_ACTIVATION with suggestions.
 */
export function resolveActivationId(registry: Registry, name: string): string {
  if (registry.has(name)) return name;
  const matches = registry
    .list()
    .map((definition) => definition.id)
    .filter((id) => id.endsWith(`/${name}`));
  if (matches.length === 1 && matches[0] !== undefined) return matches[0];
  if (matches.length > 1) throw new RectifyError('UNKNOWN_ACTIVATION', `"${name}" is ambiguous: ${matches.join(', ')}; give the full id.`, { id: name, suggestions: matches });
  return registry.get(name).id;
}

const isPlugin = (value: unknown): value is Plugin =>
  typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string' && Array.isArray((value as { activations?: unknown }).activations);

/** Imports a module (package name or file path) and registers every plugin it exports. Returns their names. */
export async function loadPluginModule(registry: Registry, specifier: string, cwd: string): Promise<string[]> {
  const { isAbsolute, resolve } = nodePath();
  const { pathToFileURL } = nodeUrl();
  const target = specifier.startsWith('.') || isAbsolute(specifier) ? pathToFileURL(resolve(cwd, specifier)).href : specifier;
  const loaded: unknown = await import(/* @vite-ignore */ target);
  const exported = typeof loaded === 'object' && loaded !== null ? Object.values(loaded) : [];
  const plugins = exported.filter(isPlugin);
  if (plugins.length === 0) throw new RectifyError('INVALID_PLUGIN', `Module "${specifier}" exports no plugin (an object made by definePlugin()).`, { module: specifier });
  for (const plugin of plugins) registry.use(plugin);
  return plugins.map((plugin) => plugin.name);
}

import type { NumNode, Registry } from '@rectify/activation-core';
import { defineActivation } from '@rectify/activation-core';

/** Registers a parameter-free activation of `forward` under `id`, unless the registry has it, and returns the id. */
export function registerTestActivation(registry: Registry, id: string, forward: (x: NumNode) => NumNode): string {
  if (!registry.has(id)) {
    registry.register(defineActivation({ id, specVersion: 1, params: {}, forward, docs: { name: id, latex: 'f(x)', description: 'A test activation.' } }));
  }
  return id;
}

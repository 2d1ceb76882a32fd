import type * as NodeOs from 'node:os';
import type * as NodeWorkerThreads from 'node:worker_threads';

interface ProcessWithBuiltins {
  readonly getBuiltinModule?: (name: string) => unknown;
}

/**
 * Node's built-in modules, loaded synchronously when running on Node (`process.getBuiltinModule`),
 * undefined elsewhere: the package imports nothing from Node statically, so it bundles for browsers.
 */
function builtin(name: string): unknown {
  const host = (globalThis as { process?: ProcessWithBuiltins }).process;
  return host?.getBuiltinModule?.(name);
}

export const nodeWorkerThreads = (): typeof NodeWorkerThreads | undefined => builtin('node:worker_threads') as typeof NodeWorkerThreads | undefined;

export function hardwareThreads(): number {
  const os = builtin('node:os') as typeof NodeOs | undefined;
  if (os !== undefined) return os.availableParallelism();
  const navigatorThreads = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return navigatorThreads ?? 1;
}

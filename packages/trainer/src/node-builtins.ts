import type * as NodeCrypto from 'node:crypto';
import type * as NodeFs from 'node:fs/promises';
import type * as NodeModule from 'node:module';
import type * as NodePath from 'node:path';
import type * as NodeUrl from 'node:url';
import { RectifyError } from '@rectify/activation-core';

interface ProcessWithBuiltins {
  readonly getBuiltinModule?: (name: string) => unknown;
}

/**
 * Node's built-in modules, loaded when a Node-only function (MNIST, save/load, the CLI) runs. The
 * package imports nothing from Node statically, so its main entry bundles for browsers, where
 * everything else (models, training, diagnostics, synthetic data) works.
 */
function builtin(name: string): unknown {
  const host = (globalThis as { process?: ProcessWithBuiltins }).process;
  const loaded = host?.getBuiltinModule?.(name);
  if (loaded === undefined) throw new RectifyError('INVALID_OPTION', `${name} is needed here, and is only available on Node.js (>= 20.16).`, { module: name });
  return loaded;
}

export const nodeCrypto = (): typeof NodeCrypto => builtin('node:crypto') as typeof NodeCrypto;
export const nodeFs = (): typeof NodeFs => builtin('node:fs/promises') as typeof NodeFs;
export const nodeModule = (): typeof NodeModule => builtin('node:module') as typeof NodeModule;
/** Functions of node:path that do not use `this`, typed so they can be destructured. */
type Detached<T> = { readonly [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => R : T[K] };
export const nodePath = (): Detached<Pick<NodePath.PlatformPath, 'basename' | 'dirname' | 'isAbsolute' | 'join' | 'resolve'>> => builtin('node:path') as NodePath.PlatformPath;
export const nodeUrl = (): typeof NodeUrl => builtin('node:url') as typeof NodeUrl;

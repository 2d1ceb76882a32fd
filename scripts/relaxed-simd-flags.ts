/**
 * The Node flags that turn on WebAssembly relaxed SIMD in a child process: none where Node has it
 * already (Node 22 and later; 22.23, 24.21 and 26.10 refuse the old flag as a bad option), and
 * `--experimental-wasm-relaxed-simd` on Node 20, which has it only behind that flag. Asked of a
 * child, since this process's own flags (a test worker's execArgv) are not inherited.
 */
import { spawnSync } from 'node:child_process';
import { relaxedMultiplyAddProbe } from '../packages/backend-cpu/src/engine.js';

export const relaxedSimdFlag = '--experimental-wasm-relaxed-simd';

/** The CPU backend's own probe: a module using relaxed SIMD's multiply-add, valid only where relaxed SIMD is on. */
export const relaxedSimdProbe = relaxedMultiplyAddProbe(1, 2, 3);

/** Whether `node` started with `flags` accepts them and validates the probe. */
export function nodeHasRelaxedSimd(flags: readonly string[]): boolean {
  const check = `process.exit(WebAssembly.validate(new Uint8Array(${JSON.stringify([...relaxedSimdProbe])})) ? 0 : 1)`;
  return spawnSync(process.execPath, [...flags, '-e', check], { stdio: 'ignore' }).status === 0;
}

export function relaxedSimdNodeFlags(): string[] {
  if (nodeHasRelaxedSimd([])) return [];
  return nodeHasRelaxedSimd([relaxedSimdFlag]) ? [relaxedSimdFlag] : [];
}

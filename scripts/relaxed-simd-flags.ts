/**
 * The Node flags that turn on WebAssembly relaxed SIMD in a child process: none where Node has it
 * already (Node 22 and later; 22.23, 24.21 and 26.10 refuse the old flag as a bad option), and
 * `--experimental-wasm-relaxed-simd` on Node 20, which has it only behind that flag. Asked of a
 * child, since this process's own flags (a test worker's execArgv) are not inherited.
 */
import { spawnSync } from 'node:child_process';

export const relaxedSimdFlag = '--experimental-wasm-relaxed-simd';

const zeroVector = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
/** A function body (no locals) returning f32x4.relaxed_madd of three zero vectors. */
const probeBody = [0x00, ...zeroVector, ...zeroVector, ...zeroVector, 0xfd, 0x85, 0x02, 0x0b];

/** A module of one function () -> v128 using relaxed SIMD's multiply-add: valid only where relaxed SIMD is on. */
export const relaxedSimdProbe = new Uint8Array([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...[0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b],
  ...[0x03, 0x02, 0x01, 0x00],
  ...[0x0a, probeBody.length + 2, 0x01, probeBody.length, ...probeBody],
]);

/** Whether `node` started with `flags` accepts them and validates the probe. */
export function nodeHasRelaxedSimd(flags: readonly string[]): boolean {
  const check = `process.exit(WebAssembly.validate(new Uint8Array(${JSON.stringify([...relaxedSimdProbe])})) ? 0 : 1)`;
  return spawnSync(process.execPath, [...flags, '-e', check], { stdio: 'ignore' }).status === 0;
}

export function relaxedSimdNodeFlags(): string[] {
  if (nodeHasRelaxedSimd([])) return [];
  return nodeHasRelaxedSimd([relaxedSimdFlag]) ? [relaxedSimdFlag] : [];
}

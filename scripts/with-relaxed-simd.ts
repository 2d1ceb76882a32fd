/**
 * Runs `node` with the given arguments and, where this Node needs it, the flag that turns on
 * WebAssembly relaxed SIMD (scripts/relaxed-simd-flags.ts):
 *
 *   tsx scripts/with-relaxed-simd.ts --import tsx bench/gemm.ts
 */
import { spawnSync } from 'node:child_process';
import { relaxedSimdNodeFlags } from './relaxed-simd-flags.js';

const result = spawnSync(process.execPath, [...relaxedSimdNodeFlags(), ...process.argv.slice(2)], { stdio: 'inherit' });
if (result.error !== undefined) throw result.error;
process.exit(result.status ?? 1);

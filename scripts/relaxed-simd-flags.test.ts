import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { nodeHasRelaxedSimd, relaxedSimdFlag, relaxedSimdNodeFlags, relaxedSimdProbe } from './relaxed-simd-flags.js';

const launch = (args: readonly string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/with-relaxed-simd.ts', ...args], { encoding: 'utf8' });

describe('relaxed SIMD flags for child processes', () => {
  it('the probe validates here, where the test workers have relaxed SIMD, and is refused once its opcode is mangled', () => {
    expect(WebAssembly.validate(relaxedSimdProbe)).toBe(true);
    // f32x4.relaxed_madd is 0xfd 0x85 0x02; 0xfd 0xff 0x02 is no instruction.
    const opcode = relaxedSimdProbe.findIndex((byte, index) => byte === 0xfd && relaxedSimdProbe[index + 1] === 0x85 && relaxedSimdProbe[index + 2] === 0x02);
    expect(opcode).toBeGreaterThan(0);
    const mangled = relaxedSimdProbe.slice();
    mangled[opcode + 1] = 0xff;
    expect(WebAssembly.validate(mangled)).toBe(false);
  });

  it('gives flags this Node accepts, under which a child has relaxed SIMD', () => {
    const flags = relaxedSimdNodeFlags();
    expect(flags.every((flag) => flag === relaxedSimdFlag)).toBe(true);
    expect(nodeHasRelaxedSimd(flags)).toBe(true);
  });

  it('a flag Node does not know fails the child, so an unneeded flag would be seen', () => {
    expect(nodeHasRelaxedSimd(['--experimental-wasm-no-such-proposal'])).toBe(false);
  });

  it('the launcher runs node with relaxed SIMD and passes on its output and exit status', () => {
    const check = `console.log(WebAssembly.validate(new Uint8Array(${JSON.stringify([...relaxedSimdProbe])}))); process.exit(3)`;
    const result = launch(['-e', check]);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('true');
    expect(result.status).toBe(3);
  });
});

import { canUseRelaxedSimd, relaxedMultiplyAddProbe } from '../engine.js';

/**
 * How the tests evaluate polynomial steps: a multiply then an add always, and relaxed SIMD's
 * multiply-add too where the platform offers it (the test runner turns it on for Node 20).
 */
export const fusedMultiplyAddModes: readonly boolean[] = canUseRelaxedSimd() ? [false, true] : [false];

export const multiplyAddName = (fused: boolean): string => (fused ? 'relaxed multiply-add' : 'multiply then add');

/**
 * Whether relaxed SIMD's multiply-add rounds once here: (1 + 2^-12)^2 - (1 + 2^-11) is 2^-24 when
 * fused, and 0 when the product is rounded first (its 2^-24 is half an ulp, a tie to even).
 */
export function relaxedMultiplyAddFuses(): boolean {
  if (!canUseRelaxedSimd()) return false;
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
  const probe = relaxedMultiplyAddProbe(1 + 2 ** -12, 1 + 2 ** -12, -(1 + 2 ** -11));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(probe), { env: { memory } });
  (instance.exports['probe'] as () => void)();
  return new Float32Array(memory.buffer, 0, 1)[0] === 2 ** -24;
}

import { ModuleBuilder } from './wasm/module-builder.js';
import { Simd } from './wasm/opcodes.js';
import { SimdExtra } from './wasm/simd-expression.js';

/** How kernels run: WebAssembly SIMD generated at run time, or the interpreter that generates nothing. */
export type CpuEngine = 'wasm-simd' | 'interpreter';

/**
 * Whether this platform lets us compile WebAssembly SIMD at run time. A Content-Security-Policy
 * without 'wasm-unsafe-eval', or an engine without SIMD, makes compiling throw.
 */
export function canCompileWasmSimd(): boolean {
  try {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
    const probe = new ModuleBuilder({ module: 'env', name: 'memory', initial: 1, maximum: 1, shared: false });
    probe.addFunction('probe', [], [], (f) => {
      f.i32(0).f32x4(1).f32x4(2).simd(Simd.f32x4Add).store('v128');
    });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(probe.toBytes()), { env: { memory } });
    const run = instance.exports['probe'];
    if (typeof run !== 'function') return false;
    (run as () => void)();
    return new Float32Array(memory.buffer, 0, 1)[0] === 3;
  } catch {
    return false;
  }
}

/**
 * Whether this platform offers WebAssembly relaxed SIMD (Chrome 114+, Node 22+; Node 20 with
 * --experimental-wasm-relaxed-simd), whose multiply-add the kernels then use.
 */
export function canUseRelaxedSimd(): boolean {
  return WebAssembly.validate(relaxedMultiplyAddProbe(1, 2, 3));
}

/**
 * A module whose export `probe` stores a * b + c, by relaxed SIMD's multiply-add, at address 0 of
 * its imported one-page memory `env.memory`.
 */
export function relaxedMultiplyAddProbe(a: number, b: number, c: number): Uint8Array<ArrayBuffer> {
  const probe = new ModuleBuilder({ module: 'env', name: 'memory', initial: 1, maximum: 1, shared: false });
  probe.addFunction('probe', [], [], (f) => {
    f.i32(0).f32x4(a).f32x4(b).f32x4(c).simd(SimdExtra.f32x4RelaxedMadd).store('v128');
  });
  return probe.toBytes();
}

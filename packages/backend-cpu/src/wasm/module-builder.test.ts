import { describe, expect, it } from 'vitest';
import { ModuleBuilder } from './module-builder.js';
import { Op, Simd } from './opcodes.js';

function instantiate(builder: ModuleBuilder, memory: WebAssembly.Memory): Record<string, unknown> {
  const module = new WebAssembly.Module(builder.toBytes());
  return new WebAssembly.Instance(module, { env: { memory } }).exports;
}

describe('ModuleBuilder', () => {
  it('encodes a scalar function with negative constants and loops', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
    const builder = new ModuleBuilder({ module: 'env', name: 'memory', initial: 1, maximum: 1, shared: false });
    // sum(n) = -1000 + 0 + 1 + ... + (n - 1)
    builder.addFunction('sum', ['i32'], ['i32'], (f) => {
      const total = f.local('i32');
      const i = f.local('i32');
      f.i32(-1000).set(total);
      f.block(() => {
        f.loop(() => {
          f.get(i).get(f.param(0)).op(Op.i32GeS).brIf(1);
          f.get(total).get(i).op(Op.i32Add).set(total);
          f.get(i).i32(1).op(Op.i32Add).set(i);
          f.br(0);
        });
      });
      f.get(total);
    });
    const exports = instantiate(builder, memory);
    expect((exports['sum'] as (n: number) => number)(100)).toBe(-1000 + 4950);
  });

  it('encodes SIMD loads, arithmetic, comparisons, bitselect and stores on shared memory', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true });
    const builder = new ModuleBuilder({ module: 'env', name: 'memory', initial: 1, maximum: 4, shared: true });
    // out[0..3] = x > 0 ? x * 2 : -1, at byte offsets 0 (in) and 16 (out)
    builder.addFunction('kernel', [], [], (f) => {
      const value = f.local('v128');
      f.i32(0).load('v128').set(value);
      f.i32(16);
      f.get(value).f32x4(2).simd(Simd.f32x4Mul);
      f.f32x4(-1);
      f.get(value).f32x4(0).simd(Simd.f32x4Gt);
      f.simd(Simd.v128Bitselect);
      f.store('v128');
    });
    const exports = instantiate(builder, memory);
    const view = new Float32Array(memory.buffer, 0, 8);
    view.set([1.5, -2, Number.NaN, 0]);
    (exports['kernel'] as () => void)();
    expect(Array.from(view.subarray(4))).toEqual([3, -1, -1, -1]);
  });
});

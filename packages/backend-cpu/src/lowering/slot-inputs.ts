import type { NumNode, SlotLayout } from '@rectify/activation-core';
import type { FunctionBuilder, Local } from '../wasm/function-builder.js';
import { Simd } from '../wasm/opcodes.js';

/** Loads each per-call (scalar) slot from `slotsPtr` and splats it into a v128 local of its own, once per call. */
export function splatScalarSlots(f: FunctionBuilder, slots: SlotLayout, slotsPtr: Local): Map<NumNode, Local> {
  const locals = new Map<NumNode, Local>();
  for (const [node, slot] of slots.scalar) {
    const local = f.local('v128');
    f.get(slotsPtr).load('f32', slot * 4).simd(Simd.f32x4Splat).set(local);
    locals.set(node, local);
  }
  return locals;
}

/**
 * Replaces the four element indices (i32 lanes) on the stack by core's uniformAt(key, index) =
 * (mix32(index ^ key) >>> 8) / 2^24, `key` splat in a v128 local: RReLU's and dropout's draws, the
 * same bits as core's reference and the WebGPU backend's m_uniform.
 */
export function emitUniformDraws(f: FunctionBuilder, key: Local): void {
  const h = f.local('v128');
  f.get(key).simd(Simd.v128Xor).set(h);
  const shiftXor = (shift: number): void => {
    f.get(h).get(h).i32(shift).simd(Simd.i32x4ShrU).simd(Simd.v128Xor).set(h);
  };
  shiftXor(16);
  f.get(h).i32x4(0x7feb352d).simd(Simd.i32x4Mul).set(h);
  shiftXor(15);
  f.get(h).i32x4(0x846ca68b | 0).simd(Simd.i32x4Mul).set(h);
  shiftXor(16);
  f.get(h).i32(8).simd(Simd.i32x4ShrU).simd(Simd.f32x4ConvertI32x4S).f32x4(1 / 16777216).simd(Simd.f32x4Mul);
}

/**
 * A small expression layer over WebAssembly's stack machine for the SIMD emitters: an operand is a
 * v128 local or a closure that pushes one v128 value, so formulas read as nested calls and each
 * named intermediate is bound to a local once.
 */
import type { FunctionBuilder, Local } from './function-builder.js';
import { Simd } from './opcodes.js';

/** SIMD opcodes used here that opcodes.ts does not list (numbers from the fixed-width SIMD specification). */
export const SimdExtra = {
  i64x2Shl: 0xcb,
  i64x2Add: 0xce,
  v128Andnot: 0x4f,
  f64x2Pmin: 0xf6,
  f64x2Pmax: 0xf7,
  /** Relaxed SIMD: a * b + c, fused (one rounding) where the hardware has FMA, else a multiply and an add. */
  f32x4RelaxedMadd: 0x105,
  f64x2RelaxedMadd: 0x107,
} as const;

export type Expr = (f: FunctionBuilder) => void;
export type Operand = Expr | Local;

export function emit(f: FunctionBuilder, operand: Operand): void {
  if (typeof operand === 'function') operand(f);
  else f.get(operand);
}

/** Evaluates `value` once into a fresh v128 local. */
export function bind(f: FunctionBuilder, value: Operand): Local {
  const local = f.local('v128');
  emit(f, value);
  f.set(local);
  return local;
}

export const binary =
  (opcode: number) =>
  (a: Operand, b: Operand): Expr =>
  (f) => {
    emit(f, a);
    emit(f, b);
    f.simd(opcode);
  };

export const unary =
  (opcode: number) =>
  (a: Operand): Expr =>
  (f) => {
    emit(f, a);
    f.simd(opcode);
  };

/** A shift of every integer lane by a constant count (the count is a scalar i32 operand). */
export const shift =
  (opcode: number) =>
  (a: Operand, count: number): Expr =>
  (f) => {
    emit(f, a);
    f.i32(count);
    f.simd(opcode);
  };

export const f32 =
  (value: number): Expr =>
  (f) => {
    f.f32x4(value);
  };

export const i32 =
  (value: number): Expr =>
  (f) => {
    f.i32x4(value);
  };

export const f64 =
  (value: number): Expr =>
  (f) => {
    const view = new DataView(new ArrayBuffer(16));
    view.setFloat64(0, value, true);
    view.setFloat64(8, value, true);
    f.v128(new Uint8Array(view.buffer));
  };

export const add = binary(Simd.f32x4Add);
export const sub = binary(Simd.f32x4Sub);
export const mul = binary(Simd.f32x4Mul);
export const div = binary(Simd.f32x4Div);
export const lt = binary(Simd.f32x4Lt);
export const gt = binary(Simd.f32x4Gt);
export const ge = binary(Simd.f32x4Ge);
export const le = binary(Simd.f32x4Le);
export const eq = binary(Simd.f32x4Eq);
/** pmin(a, b) = b < a ? b : a and pmax(a, b) = a < b ? b : a: a NaN in `a` passes through. */
export const pmin = binary(Simd.f32x4Pmin);
export const pmax = binary(Simd.f32x4Pmax);
export const abs = unary(Simd.f32x4Abs);
export const neg = unary(Simd.f32x4Neg);
export const sqrt = unary(Simd.f32x4Sqrt);
export const convertI32 = unary(Simd.f32x4ConvertI32x4S);
export const and = binary(Simd.v128And);
export const or = binary(Simd.v128Or);
/** a AND NOT b. */
export const andnot = binary(SimdExtra.v128Andnot);
export const iadd = binary(Simd.i32x4Add);
export const isub = binary(Simd.i32x4Sub);
export const iminS = binary(Simd.i32x4MinS);
export const ishl = shift(Simd.i32x4Shl);
export const ishrS = shift(Simd.i32x4ShrS);

export const add64 = binary(Simd.f64x2Add);
export const sub64 = binary(Simd.f64x2Sub);
export const mul64 = binary(Simd.f64x2Mul);
export const div64 = binary(Simd.f64x2Div);
export const pmin64 = binary(SimdExtra.f64x2Pmin);
export const pmax64 = binary(SimdExtra.f64x2Pmax);
export const i64add = binary(SimdExtra.i64x2Add);
export const i64shl = shift(SimdExtra.i64x2Shl);
export const promoteLow = unary(Simd.f64x2PromoteLowF32x4);
export const demote = unary(Simd.f32x4DemoteF64x2Zero);

const multiplyAdd =
  (relaxed: number, multiply: typeof mul, plus: typeof add) =>
  (a: Operand, b: Operand, c: Operand): Expr =>
  (f) => {
    if (!f.fusedMultiplyAdd) {
      plus(multiply(a, b), c)(f);
      return;
    }
    emit(f, a);
    emit(f, b);
    emit(f, c);
    f.simd(relaxed);
  };

/**
 * a * b + c: relaxed SIMD's multiply-add where the function builder allows it (fused on hardware
 * with FMA, so rounded once), else a multiply then an add. Used only where either rounding is
 * fine: the polynomial steps below (their error bounds hold both ways) and the GEMM's
 * accumulation; exact products and range reductions elsewhere rely on separate roundings.
 */
export const madd = multiplyAdd(SimdExtra.f32x4RelaxedMadd, mul, add);
export const madd64 = multiplyAdd(SimdExtra.f64x2RelaxedMadd, mul64, add64);

/** Lanes of `a` where `mask` is set, else lanes of `b`. */
export const select =
  (a: Operand, b: Operand, mask: Operand): Expr =>
  (f) => {
    emit(f, a);
    emit(f, b);
    emit(f, mask);
    f.simd(Simd.v128Bitselect);
  };

/** Byte shuffle of the 32 bytes of `a` and `b` (indices 16 and up select from `b`). */
export const shuffle =
  (a: Operand, b: Operand, lanes: readonly number[]): Expr =>
  (f) => {
    emit(f, a);
    emit(f, b);
    f.simd(Simd.i8x16Shuffle).op(...lanes);
  };

/**
 * c[0] + c[1] z + c[2] z^2 + ... by Estrin's scheme, (c0 + c1 z) + z^2 (c2 + c3 z) + z^4 (...),
 * which keeps the chains of dependent operations short. `square` may pass an already computed z^2.
 */
export function estrin(f: FunctionBuilder, z: Operand, coefficients: readonly number[], wide = false, square?: Local): Expr {
  const [mulOp, maddOp, constant] = wide ? [mul64, madd64, f64] : [mul, madd, f32];
  const powers: Operand[] = [z];
  for (let span = 2; span < coefficients.length; span *= 2) {
    const previous = powers[powers.length - 1] ?? z;
    powers.push(span === 2 && square !== undefined ? square : bind(f, mulOp(previous, previous)));
  }
  const build = (from: number, count: number, level: number): Expr => {
    if (count === 1) return constant(coefficients[from] ?? 0);
    const half = 2 ** (level - 1);
    const low = build(from, Math.min(half, count), level - 1);
    if (count <= half) return low;
    return maddOp(powers[level - 1] ?? z, build(from + half, count - half, level - 1), low);
  };
  return build(0, coefficients.length, powers.length);
}

/** c[0] + c[1] z + ... by Horner's scheme: fewest operations, the longest chain. */
export function horner(coefficients: readonly number[], z: Operand): Expr {
  let result: Expr = f32(coefficients[coefficients.length - 1] ?? 0);
  for (let k = coefficients.length - 2; k >= 0; k--) result = madd(result, z, f32(coefficients[k] ?? 0));
  return result;
}

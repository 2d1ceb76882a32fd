import { ByteWriter } from './byte-writer.js';
import type { ConstantPool } from './constant-pool.js';
import type { ValueType } from './opcodes.js';
import { Op, Simd, valueTypeCode } from './opcodes.js';

/** A local variable (parameters come first) with its type. */
export interface Local {
  readonly index: number;
  readonly type: ValueType;
}

/** Natural alignment exponents for memory access immediates. */
const alignment: Readonly<Record<'i32' | 'f32' | 'f64' | 'v128', number>> = { i32: 2, f32: 2, f64: 3, v128: 4 };

/**
 * Emits one function body. Methods push instructions in stack order, so
 * `f.get(a).get(b).simd(Simd.f32x4Add)` computes a + b.
 */
export class FunctionBuilder {
  readonly params: readonly Local[];
  private readonly locals: Local[] = [];
  private readonly code = new ByteWriter();
  private simdCount = 0;

  /**
   * How the exponential's polynomial is evaluated: Estrin's scheme, whose chain of dependent
   * operations is shorter, or Horner's, which keeps fewer values live at once and one multiply fewer
   * (kernels whose bodies hold many values choose it; see build-kernel.ts).
   */
  polynomialScheme: 'estrin' | 'horner' = 'estrin';

  /**
   * Polynomial steps as relaxed SIMD's multiply-add (fused where the hardware has FMA): set only
   * where the platform validates relaxed SIMD (engine.ts).
   */
  fusedMultiplyAdd = false;

  /** The local holding each pooled constant, by the constant's global index; set at entry. */
  private readonly preloaded = new Map<number, Local>();

  constructor(
    readonly paramTypes: readonly ValueType[],
    readonly resultTypes: readonly ValueType[],
    private readonly constants: ConstantPool,
  ) {
    this.params = paramTypes.map((type, index) => ({ index, type }));
  }

  param(index: number): Local {
    const local = this.params[index];
    if (local === undefined) throw new RangeError(`function has no parameter ${index}`);
    return local;
  }

  local(type: ValueType): Local {
    const local = { index: this.params.length + this.locals.length, type };
    this.locals.push(local);
    return local;
  }

  op(...bytes: number[]): this {
    this.code.raw(bytes);
    return this;
  }

  /** SIMD instructions emitted so far (a measure of a vector body's cost). */
  get simdInstructions(): number {
    return this.simdCount;
  }

  simd(opcode: number): this {
    this.simdCount++;
    this.code.u8(Op.simdPrefix).u32(opcode);
    return this;
  }

  get(local: Local): this {
    this.code.u8(Op.localGet).u32(local.index);
    return this;
  }

  set(local: Local): this {
    this.code.u8(Op.localSet).u32(local.index);
    return this;
  }

  tee(local: Local): this {
    this.code.u8(Op.localTee).u32(local.index);
    return this;
  }

  i32(value: number): this {
    this.code.u8(Op.i32Const).s32(value);
    return this;
  }

  f32(value: number): this {
    this.code.u8(Op.f32Const).f32(value);
    return this;
  }

  /**
   * A v128 constant from its 16 bytes, read from the module's constant pool into a local once, at
   * entry: V8 rebuilds a `v128.const` at every use inside a loop, through
   * general-purpose registers, where a local stays in a register or one stack slot (exp measured
   * 1.74 ns per element with inline constants, 1.11 with this).
   */
  v128(bytes: Uint8Array): this {
    const index = this.constants.indexOf(bytes);
    let local = this.preloaded.get(index);
    if (local === undefined) {
      local = this.local('v128');
      this.preloaded.set(index, local);
    }
    return this.get(local);
  }

  /** A v128 constant with the same float32 in all four lanes. */
  f32x4(value: number): this {
    const view = new DataView(new ArrayBuffer(16));
    for (let lane = 0; lane < 4; lane++) view.setFloat32(lane * 4, value, true);
    return this.v128(new Uint8Array(view.buffer));
  }

  /** A v128 constant with the same int32 in all four lanes. */
  i32x4(value: number): this {
    return this.i32x4Lanes([value, value, value, value]);
  }

  /** A v128 constant from four int32 lanes. */
  i32x4Lanes(lanes: readonly [number, number, number, number]): this {
    const view = new DataView(new ArrayBuffer(16));
    lanes.forEach((value, lane) => { view.setInt32(lane * 4, value, true); });
    return this.v128(new Uint8Array(view.buffer));
  }

  load(type: 'i32' | 'f32' | 'f64' | 'v128', offset = 0): this {
    if (type === 'v128') this.code.u8(Op.simdPrefix).u32(Simd.v128Load);
    else this.code.u8(type === 'i32' ? Op.i32Load : type === 'f32' ? Op.f32Load : Op.f64Load);
    this.code.u32(alignment[type]).u32(offset);
    return this;
  }

  store(type: 'i32' | 'f32' | 'f64' | 'v128', offset = 0): this {
    if (type === 'v128') this.code.u8(Op.simdPrefix).u32(Simd.v128Store);
    else this.code.u8(type === 'i32' ? Op.i32Store : type === 'f32' ? Op.f32Store : Op.f64Store);
    this.code.u32(alignment[type]).u32(offset);
    return this;
  }

  /** `if ... end` on the i32 on the stack. */
  ifThen(body: () => void): this {
    this.code.u8(Op.if).u8(0x40);
    body();
    this.code.u8(Op.end);
    return this;
  }

  /** `if ... else ... end` on the i32 on the stack. */
  ifElse(then: () => void, otherwise: () => void): this {
    this.code.u8(Op.if).u8(0x40);
    then();
    this.code.u8(Op.else);
    otherwise();
    this.code.u8(Op.end);
    return this;
  }

  /** `block ... end`; inside, `br(0)` jumps past the end. */
  block(body: () => void): this {
    this.code.u8(Op.block).u8(0x40);
    body();
    this.code.u8(Op.end);
    return this;
  }

  /** `loop ... end`; inside, `br(0)` jumps back to the start. */
  loop(body: () => void): this {
    this.code.u8(Op.loop).u8(0x40);
    body();
    this.code.u8(Op.end);
    return this;
  }

  br(depth: number): this {
    this.code.u8(Op.br).u32(depth);
    return this;
  }

  brIf(depth: number): this {
    this.code.u8(Op.brIf).u32(depth);
    return this;
  }

  /** The function body: local declarations, code and the final `end`. */
  encode(): Uint8Array<ArrayBuffer> {
    const body = new ByteWriter();
    body.u32(this.locals.length);
    for (const local of this.locals) body.u32(1).u8(valueTypeCode[local.type]);
    for (const [index, local] of this.preloaded) body.u8(Op.globalGet).u32(index).u8(Op.localSet).u32(local.index);
    body.raw(this.code.toBytes()).u8(Op.end);
    return new ByteWriter().sized(body).toBytes();
  }
}

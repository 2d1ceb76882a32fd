import type { HoistPlan, NumNode, SlotLayout } from '@rectify/activation-core';
import { emitLanes } from '../lowering/emit-expression.js';
import { emitUniformDraws, splatScalarSlots } from '../lowering/slot-inputs.js';
import type { FunctionBuilder, Local } from '../wasm/function-builder.js';
import type { MemoryImport } from '../wasm/module-builder.js';
import { ModuleBuilder } from '../wasm/module-builder.js';
import { Op, Simd } from '../wasm/opcodes.js';
import { madd } from '../wasm/simd-expression.js';

/** Rows of C one micro-kernel call computes (the accumulator tile is tileRows x panelWidth). */
export const tileRows = 4;
/** Columns per packed panel of B: two f32x4 vectors. */
export const panelWidth = 8;
const vectorsPerPanel = panelWidth / 4;

/** Arguments of the exported `kernel` (all i32), in order. Pointers are byte offsets into the arena. */
export const gemmParams = [
  'aPtr',
  // Bytes between consecutive stored rows of A: k * 4, or m * 4 when A is stored transposed.
  'aStride',
  // Packed B: ceil(n / 8) panels, each k rows of 8 floats (zero-padded past n).
  'bPtr',
  'bPanelStride',
  'bRowStride',
  'cPtr',
  'k',
  'n',
  'rowStart',
  'rowEnd',
  // Bias padded to whole panels (zeros when there is none).
  'biasPtr',
  // Where to store x · w + bias as well; 0: do not.
  'prePtr',
  // Activation epilogue: scalar slots (f32 each), per-channel slots (channelStride floats each), seed key.
  'slotsPtr',
  'channelPtr',
  'channelStride',
  'key',
] as const;

type GemmArg = (typeof gemmParams)[number];

/** The activation inlined in the epilogue: the forward root of a prepared kernel and its slots. */
export interface GemmEpilogue {
  readonly root: NumNode;
  readonly plan: HoistPlan;
  readonly slots: SlotLayout;
  readonly nonPositiveExponentials: ReadonlySet<NumNode>;
}

export interface GemmModuleOptions {
  /** A stored as [k, m] (op(A) = Aᵀ). */
  readonly transposeA: boolean;
  readonly epilogue?: GemmEpilogue;
  /** Accumulate with relaxed SIMD's multiply-add (and use it in the epilogue's polynomials). */
  readonly fusedMultiplyAdd?: boolean;
}

/** Unsigned LEB128 bytes of a memory offset. */
function leb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    bytes.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return bytes;
}

/** Opcode of v128.load32_splat (after the SIMD prefix): one float from memory into all four lanes. */
const v128Load32Splat = 0x09;

const loadSplat = (f: FunctionBuilder, offset: number): void => {
  f.simd(v128Load32Splat).op(2, ...leb(offset));
};

/**
 * A GEMM `C[rowStart:rowEnd, :] = op(A) · B (+ bias, activation)` over packed panels of B. The
 * micro-kernel keeps a 4 x 8 tile of C in eight f32x4 accumulators: per step of k it splats four
 * values of A (v128.load32_splat) and loads two vectors of the B panel. Leftover rows use a 1 x 8
 * tile; columns past n are padding in B and are masked at the store. The epilogue adds the bias and
 * evaluates the activation's lowered expression on the accumulators before the only store.
 * A second export, `pack`, copies B (plain or transposed) into panels.
 */
export function buildGemmModule(options: GemmModuleOptions, memory: MemoryImport): Uint8Array<ArrayBuffer> {
  const module = new ModuleBuilder(memory);
  module.addFunction('kernel', gemmParams.map(() => 'i32' as const), [], (f) => {
    f.fusedMultiplyAdd = options.fusedMultiplyAdd === true;
    emitGemm(f, options, (name) => f.param(gemmParams.indexOf(name)));
  });
  module.addFunction('pack', ['i32', 'i32', 'i32', 'i32', 'i32'], [], (f) => {
    emitPack(f, f.param(0), f.param(1), f.param(2), f.param(3), f.param(4));
  });
  return module.toBytes();
}

/** pack(bPtr, dstPtr, k, n, transposed): dst[(panel * k + p) * 8 + c] = B[p, panel * 8 + c] or 0 past n. */
function emitPack(f: FunctionBuilder, bPtr: Local, dstPtr: Local, k: Local, n: Local, transposed: Local): void {
  const column = f.local('i32');
  const p = f.local('i32');
  const c = f.local('i32');
  const out = f.local('i32');
  const source = f.local('i32');
  const columnStep = f.local('i32');
  const rowStep = f.local('i32');
  // Byte steps through B along a column (p) and along a row (c).
  f.get(transposed).ifThen(() => {
    f.i32(4).set(rowStep);
    f.get(k).i32(2).op(Op.i32Shl).set(columnStep);
  });
  f.get(transposed).op(Op.i32Eqz).ifThen(() => {
    f.get(n).i32(2).op(Op.i32Shl).set(rowStep);
    f.i32(4).set(columnStep);
  });
  f.get(dstPtr).set(out);
  f.block(() => {
    f.loop(() => {
      f.get(column).get(n).op(Op.i32GeU).brIf(1);
      f.i32(0).set(p);
      f.block(() => {
        f.loop(() => {
          f.get(p).get(k).op(Op.i32GeU).brIf(1);
          // source = bPtr + p * rowStep + column * columnStep
          f.get(bPtr).get(p).get(rowStep).op(Op.i32Mul).op(Op.i32Add).get(column).get(columnStep).op(Op.i32Mul).op(Op.i32Add).set(source);
          f.i32(0).set(c);
          f.block(() => {
            f.loop(() => {
              f.get(c).i32(panelWidth).op(Op.i32GeU).brIf(1);
              f.get(column).get(c).op(Op.i32Add).get(n).op(Op.i32LtU);
              f.ifThen(() => {
                f.get(out).get(source).load('f32').store('f32');
              });
              // Past n (B is not read there): zero padding.
              f.get(column).get(c).op(Op.i32Add).get(n).op(Op.i32GeU);
              f.ifThen(() => {
                f.get(out).f32(0).store('f32');
              });
              f.get(source).get(columnStep).op(Op.i32Add).set(source);
              f.get(out).i32(4).op(Op.i32Add).set(out);
              f.get(c).i32(1).op(Op.i32Add).set(c);
              f.br(0);
            });
          });
          f.get(p).i32(1).op(Op.i32Add).set(p);
          f.br(0);
        });
      });
      f.get(column).i32(panelWidth).op(Op.i32Add).set(column);
      f.br(0);
    });
  });
}

function emitGemm(f: FunctionBuilder, options: GemmModuleOptions, arg: (name: GemmArg) => Local): void {
  const { epilogue, transposeA } = options;
  const column = f.local('i32');
  const panel = f.local('i32');
  const i = f.local('i32');
  const p = f.local('i32');
  const bCursor = f.local('i32');
  const aCursors = Array.from({ length: tileRows }, () => f.local('i32'));
  const bVectors = Array.from({ length: vectorsPerPanel }, () => f.local('v128'));
  const splat = f.local('v128');
  const accumulators = Array.from({ length: tileRows }, () => Array.from({ length: vectorsPerPanel }, () => f.local('v128')));
  const biasVectors = Array.from({ length: vectorsPerPanel }, () => f.local('v128'));
  const x = f.local('v128');
  const rowPointer = f.local('i32');
  const preRowPointer = f.local('i32');
  const key = f.local('v128');

  // Hoisted values of the activation: scalars splat once per call, per-channel ones per column vector.
  const scalarSlots = epilogue === undefined ? new Map<NumNode, Local>() : splatScalarSlots(f, epilogue.slots, arg('slotsPtr'));
  const channelSlots = new Map<NumNode, Local>();
  if (epilogue !== undefined) {
    for (const node of epilogue.slots.perChannel.keys()) channelSlots.set(node, f.local('v128'));
    f.get(arg('key')).simd(Simd.i32x4Splat).set(key);
  }

  /** Stores `value` at `base + column*4 + vector*16`, only the lanes whose column is below n. */
  const maskedStore = (base: Local, vector: number, value: Local): void => {
    f.get(column).i32(vector * 4 + 4).op(Op.i32Add).get(arg('n')).op(Op.i32LeU);
    f.ifThen(() => {
      f.get(base).get(column).i32(2).op(Op.i32Shl).op(Op.i32Add).get(value).store('v128', vector * 16);
    });
    f.get(column).i32(vector * 4 + 4).op(Op.i32Add).get(arg('n')).op(Op.i32GtU);
    f.ifThen(() => {
      for (let lane = 0; lane < 4; lane++) {
        f.get(column).i32(vector * 4 + lane).op(Op.i32Add).get(arg('n')).op(Op.i32LtU);
        f.ifThen(() => {
          f.get(base).get(column).i32(2).op(Op.i32Shl).op(Op.i32Add);
          f.get(value).op(Op.simdPrefix).op(Simd.f32x4ExtractLane, lane);
          f.store('f32', vector * 16 + lane * 4);
        });
      }
    });
  };

  /** Pushes the four uniform draws of row `row`, columns column + 4 * vector + lane (element index row * n + column). */
  const drawsFor = (row: Local, vector: number) => (): void => {
    f.get(row).get(arg('n')).op(Op.i32Mul).get(column).op(Op.i32Add).i32(vector * 4).op(Op.i32Add);
    f.simd(Simd.i32x4Splat).i32x4Lanes([0, 1, 2, 3]).simd(Simd.i32x4Add);
    emitUniformDraws(f, key);
  };

  const emitTile = (rows: number): void => {
    for (let r = 0; r < rows; r++) for (let v = 0; v < vectorsPerPanel; v++) f.i32x4(0).set(accumulators[r]?.[v] ?? splat);
    // A cursors: element (i + r, p) of op(A).
    if (transposeA) {
      f.get(arg('aPtr')).get(i).i32(2).op(Op.i32Shl).op(Op.i32Add).set(aCursors[0] ?? p);
    } else {
      for (let r = 0; r < rows; r++) {
        f.get(arg('aPtr')).get(i).i32(r).op(Op.i32Add).get(arg('aStride')).op(Op.i32Mul).op(Op.i32Add).set(aCursors[r] ?? p);
      }
    }
    f.get(arg('bPtr')).get(panel).get(arg('bPanelStride')).op(Op.i32Mul).op(Op.i32Add).set(bCursor);
    f.i32(0).set(p);
    f.block(() => {
      f.loop(() => {
        f.get(p).get(arg('k')).op(Op.i32GeU).brIf(1);
        bVectors.forEach((vector, v) => {
          f.get(bCursor).load('v128', v * 16).set(vector);
        });
        for (let r = 0; r < rows; r++) {
          if (transposeA) {
            f.get(aCursors[0] ?? p);
            loadSplat(f, r * 4);
          } else {
            f.get(aCursors[r] ?? p);
            loadSplat(f, 0);
          }
          f.set(splat);
          for (let v = 0; v < vectorsPerPanel; v++) {
            const accumulator = accumulators[r]?.[v] ?? splat;
            madd(splat, bVectors[v] ?? splat, accumulator)(f);
            f.set(accumulator);
          }
        }
        if (transposeA) {
          f.get(aCursors[0] ?? p).get(arg('aStride')).op(Op.i32Add).set(aCursors[0] ?? p);
        } else {
          for (let r = 0; r < rows; r++) f.get(aCursors[r] ?? p).i32(4).op(Op.i32Add).set(aCursors[r] ?? p);
        }
        f.get(bCursor).get(arg('bRowStride')).op(Op.i32Add).set(bCursor);
        f.get(p).i32(1).op(Op.i32Add).set(p);
        f.br(0);
      });
    });

    // Epilogue: bias, pre-activation, activation, masked stores.
    for (let v = 0; v < vectorsPerPanel; v++) {
      if (epilogue !== undefined) {
        for (const [node, slot] of epilogue.slots.perChannel) {
          const local = channelSlots.get(node);
          if (local === undefined) continue;
          f.get(arg('channelPtr')).i32(slot).get(arg('channelStride')).op(Op.i32Mul).get(column).op(Op.i32Add).i32(2).op(Op.i32Shl).op(Op.i32Add);
          f.load('v128', v * 16).set(local);
        }
      }
      for (let r = 0; r < rows; r++) {
        const row = f.local('i32');
        f.get(i).i32(r).op(Op.i32Add).set(row);
        f.get(row).get(arg('n')).op(Op.i32Mul).i32(2).op(Op.i32Shl).set(rowPointer);
        f.get(accumulators[r]?.[v] ?? splat).get(biasVectors[v] ?? splat).simd(Simd.f32x4Add).set(x);
        f.get(arg('prePtr'));
        f.ifThen(() => {
          f.get(arg('prePtr')).get(rowPointer).op(Op.i32Add).set(preRowPointer);
          maskedStore(preRowPointer, v, x);
        });
        f.get(arg('cPtr')).get(rowPointer).op(Op.i32Add).set(rowPointer);
        if (epilogue === undefined) {
          maskedStore(rowPointer, v, x);
          continue;
        }
        const [result] = emitLanes(f, [epilogue.root], epilogue.plan, {
          x,
          pushDraws: drawsFor(row, v),
          hoisted: (node) => {
            const local = scalarSlots.get(node) ?? channelSlots.get(node);
            if (local === undefined) throw new Error('gemm epilogue: hoisted value without a slot');
            return local;
          },
          literal: (node) => epilogue.slots.literals.get(node),
          nonPositiveExponentials: epilogue.nonPositiveExponentials,
        });
        if (result === undefined) throw new Error('gemm epilogue: no result');
        maskedStore(rowPointer, v, result);
      }
    }
  };

  f.block(() => {
    f.loop(() => {
      f.get(column).get(arg('n')).op(Op.i32GeU).brIf(1);
      for (let v = 0; v < vectorsPerPanel; v++) {
        f.get(arg('biasPtr')).get(column).i32(2).op(Op.i32Shl).op(Op.i32Add).load('v128', v * 16).set(biasVectors[v] ?? splat);
      }
      f.get(arg('rowStart')).set(i);
      f.block(() => {
        f.loop(() => {
          f.get(i).i32(tileRows).op(Op.i32Add).get(arg('rowEnd')).op(Op.i32GtU).brIf(1);
          emitTile(tileRows);
          f.get(i).i32(tileRows).op(Op.i32Add).set(i);
          f.br(0);
        });
      });
      f.block(() => {
        f.loop(() => {
          f.get(i).get(arg('rowEnd')).op(Op.i32GeU).brIf(1);
          emitTile(1);
          f.get(i).i32(1).op(Op.i32Add).set(i);
          f.br(0);
        });
      });
      f.get(column).i32(panelWidth).op(Op.i32Add).set(column);
      f.get(panel).i32(1).op(Op.i32Add).set(panel);
      f.br(0);
    });
  });
}

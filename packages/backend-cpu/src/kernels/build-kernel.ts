import type { NumNode, PreparedKernel, SlotLayout } from '@rectify/activation-core';
import { containsOp, unaryOps } from '@rectify/activation-core';
import { emitLanes } from '../lowering/emit-expression.js';
import { emitUniformDraws, splatScalarSlots } from '../lowering/slot-inputs.js';
import { ConstantPool } from '../wasm/constant-pool.js';
import { FunctionBuilder } from '../wasm/function-builder.js';
import type { Local } from '../wasm/function-builder.js';
import { ModuleBuilder } from '../wasm/module-builder.js';
import type { MemoryImport } from '../wasm/module-builder.js';
import { Op, Simd } from '../wasm/opcodes.js';
import { backwardParams, flushEvery, forwardParams } from './kernel-layout.js';
import { overhang as periodicOverhang } from './periodic-layout.js';

/**
 * What a kernel module is built from: the prepared IR (roots: forward [f], backward [df/dx, df/dp
 * for each learnable parameter]; `readsOutput`: y comes from `savedOutputPtr`; `readsInput`: false
 * loads neither x nor its tail lanes) and its slot layout.
 */
export type KernelPlan = Pick<PreparedKernel, 'roots' | 'plan' | 'kind' | 'nonPositiveExponentials' | 'readsOutput' | 'readsInput'> & { readonly slots: SlotLayout };

type ArgName = (typeof backwardParams)[number];

/** i8x16.shuffle lanes moving float32 lanes 2 and 3 to 0 and 1. */
const highLanesLow = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];

/**
 * One exported function `kernel` that walks [0, count) in channel blocks, four lanes at a time, with
 * the tail of each block computed on a zero-padded scratch vector. Backward multiplies by the
 * upstream gradient and accumulates parameter gradients per channel into float64 sums. A call with
 * `period` > 0 (per-channel values in short blocks, periodic-layout.ts) is one block whose
 * per-channel values and gradient sums are tables indexed by the element's position in the period.
 */
export function buildKernelModule(kernel: KernelPlan, memory: MemoryImport, fusedMultiplyAdd = false): Uint8Array<ArrayBuffer> {
  const module = new ModuleBuilder(memory);
  const params = kernel.kind === 'forward' ? forwardParams : backwardParams;
  module.addFunction('kernel', params.map(() => 'i32' as const), [], (f) => {
    const arg = (name: ArgName): Local => f.param(params.indexOf(name as never));
    f.polynomialScheme = polynomialScheme(kernel);
    f.fusedMultiplyAdd = fusedMultiplyAdd;
    emitKernel(f, kernel, arg);
  });
  return module.toBytes();
}

/** Primitives that make a body expensive: bound by arithmetic, not memory. */
const transcendental = new Set<string>(unaryOps.filter((op) => op !== 'neg' && op !== 'abs' && op !== 'sqrt'));

/** Whether a kernel computes an exponential, logarithm, tanh, sigmoid or erf: bound by arithmetic, not memory. */
export function isArithmeticBound(roots: readonly NumNode[]): boolean {
  return roots.some((root) => containsOp(root, transcendental));
}

/**
 * Backward bodies hold more values at once (the forward's intermediate values, the derivative's and
 * the gradient), and V8 spills what does not fit in sixteen vector registers. Horner's scheme for the
 * exponential's polynomial keeps fewer of them live: at 1M elements, one thread, sigmoid's backward
 * 5.3 -> 6.5 GB/s, SiLU's 5.0 -> 5.7, tanh's 5.1 -> 6.2, the others within 7% either way. Forward
 * bodies keep Estrin's scheme, whose shorter chain was 3-5% faster for sigmoid, SiLU, softplus and Mish.
 */
function polynomialScheme(kernel: KernelPlan): FunctionBuilder['polynomialScheme'] {
  return kernel.kind === 'backward' ? 'horner' : 'estrin';
}

/**
 * Vectors per loop iteration. Cheap bodies take four, which halves the loop's share of the work. An
 * expensive body is one long chain of dependent operations; several vectors side by side give the
 * processor independent ones to overlap (ELU 6.0 -> 10.7 GB/s with five, 11.2 -> 12.0 with six),
 * until their values no longer fit in the sixteen vector registers: about 270 SIMD instructions per
 * iteration, measured over the built-in and smooth definitions (GELU's 87 per vector at 1M elements:
 * 1.6 GB/s with one, 2.3 with two, 2.7 with three, 2.4 with four). Seven or eight vectors were no
 * faster than six for any body (ELU, SELU, CELU, Mish; ELU's and softplus's backward).
 */
function vectorsPerIteration(kernel: KernelPlan, fusedMultiplyAdd: boolean): number {
  if (!isArithmeticBound(kernel.roots)) return 4;
  const probe = new FunctionBuilder([], [], new ConstantPool());
  probe.polynomialScheme = polynomialScheme(kernel);
  probe.fusedMultiplyAdd = fusedMultiplyAdd;
  const lanes = probe.local('v128');
  emitLanes(probe, kernel.roots, kernel.plan, {
    x: lanes,
    savedOutput: lanes,
    pushDraws: () => probe.get(lanes),
    hoisted: () => lanes,
    literal: (node) => kernel.slots.literals.get(node),
    nonPositiveExponentials: kernel.nonPositiveExponentials,
  });
  return Math.min(6, Math.max(2, Math.floor(270 / probe.simdInstructions)));
}

/** The v128 locals of one vector of a loop iteration: what it reads and what it writes. */
interface VectorLocals {
  readonly x: Local;
  readonly grad: Local;
  readonly savedOutput: Local;
  readonly out: Local;
}

function emitKernel(f: FunctionBuilder, kernel: KernelPlan, arg: (name: ArgName) => Local): void {
  const backward = kernel.kind === 'backward';
  const readsOutput = backward && kernel.readsOutput;
  const unroll = vectorsPerIteration(kernel, f.fusedMultiplyAdd);
  const i = f.local('i32');
  const blockEnd = f.local('i32');
  const blockIndex = f.local('i32');
  const channel = f.local('i32');
  const vectorEnd = f.local('i32');
  const remaining = f.local('i32');
  const counter = f.local('i32');
  const j = f.local('i32');
  const vectors = Array.from({ length: unroll }, (): VectorLocals => ({ x: f.local('v128'), grad: f.local('v128'), savedOutput: f.local('v128'), out: f.local('v128') }));
  const [single] = vectors;
  if (single === undefined) throw new Error('lowering: no vector locals');
  const key = f.local('v128');
  const channelSlots = new Map<NumNode, Local>();
  const accumulators = backward ? kernel.roots.slice(1).map(() => f.local('v128')) : [];

  const scalarSlots = splatScalarSlots(f, kernel.slots, arg('slotsPtr'));
  for (const node of kernel.slots.perChannel.keys()) channelSlots.set(node, f.local('v128'));
  f.get(arg('key')).simd(Simd.i32x4Splat).set(key);

  /** Elements between i and the vector being computed (unrolled loops compute several per i). */
  let vectorOffset = 0;

  // Periodic calls (period > 0, periodic-layout.ts) load per-channel values per vector from tables at
  // `phase`, the element index mod period (kept in bytes, as `phaseBytes`), and add gradient
  // contributions into float32 tables at sumsPtr + parameters * tableLength * 8, folded into the
  // float64 tables at sumsPtr every `foldEvery` vectors and at the end.
  const periodic = kernel.slots.perChannel.size > 0;
  const phaseBytes = f.local('i32');
  const periodBytes = f.local('i32');
  const tableBytes = f.local('i32');
  const foldEvery = f.local('i32');
  const contribution = f.local('v128');
  const tableAddress = f.local('i32');
  const valueTables = new Map<NumNode, Local>();
  /** Per learnable parameter, the addresses of its float64 and float32 gradient tables. */
  const gradientTables = accumulators.map(() => ({ sums: f.local('i32'), accumulator: f.local('i32') }));
  if (periodic) {
    f.get(arg('period')).ifThen(() => {
      f.get(arg('firstIndex')).get(arg('period')).op(Op.i32RemU).i32(2).op(Op.i32Shl).set(phaseBytes);
      f.get(arg('period')).i32(2).op(Op.i32Shl).set(periodBytes);
      // periodicTableLength, in bytes of float32.
      f.get(arg('period')).i32(periodicOverhang + 3).op(Op.i32Add).i32(-4).op(Op.i32And).i32(2).op(Op.i32Shl).set(tableBytes);
      for (const [node, slot] of kernel.slots.perChannel) {
        const base = f.local('i32');
        f.get(arg('slotsPtr')).i32(kernel.slots.scalar.size * 4).op(Op.i32Add).get(tableBytes).i32(slot).op(Op.i32Mul).op(Op.i32Add).set(base);
        valueTables.set(node, base);
      }
      gradientTables.forEach((tables, index) => {
        f.get(arg('sumsPtr')).get(tableBytes).i32(2 * index).op(Op.i32Mul).op(Op.i32Add).set(tables.sums);
        f.get(arg('sumsPtr')).get(tableBytes).i32(2 * gradientTables.length + index).op(Op.i32Mul).op(Op.i32Add).set(tables.accumulator);
      });
      // Vectors between folds: flushEvery, or 16 periods (4 period vectors) where that is more, so
      // that a fold (a quarter period of vectors) costs at most a sixteenth of the vectors it
      // gathers; each float32 entry then sums 16 to 256 contributions.
      f.get(arg('period')).i32(2).op(Op.i32Shl).set(foldEvery);
      f.i32(flushEvery).get(foldEvery).get(foldEvery).i32(flushEvery).op(Op.i32LtU).op(Op.select).set(foldEvery);
    });
  }
  /**
   * Emits `periodicPart` for periodic calls and `blockPart` for channel blocks, choosing at run time
   * by `period` where the kernel has per-channel values; without them only `blockPart`.
   */
  const byLayout = (periodicPart: () => void, blockPart: () => void): void => {
    if (periodic) f.get(arg('period')).ifElse(periodicPart, blockPart);
    else blockPart();
  };
  /** The per-channel values of the vector `vectorOffset` elements past the phase. */
  const loadChannelTables = (): void => {
    for (const [node, base] of valueTables) {
      const local = channelSlots.get(node);
      if (local === undefined) continue;
      f.get(base).get(phaseBytes).op(Op.i32Add).load('v128', 4 * vectorOffset).set(local);
    }
  };
  /** phase + `elements` (at most 16), less the period once it reaches it (the period is at least 16). */
  const advancePhase = (elements: number): void => {
    f.get(phaseBytes).i32(4 * elements).op(Op.i32Add).set(phaseBytes);
    f.get(phaseBytes).get(periodBytes).op(Op.i32Sub).get(phaseBytes).get(phaseBytes).get(periodBytes).op(Op.i32GeU).op(Op.select).set(phaseBytes);
  };
  /** accumulator[phase + vectorOffset ...] += the four lanes of `contribution`. */
  const addToTable = (accumulator: Local): void => {
    const offset = 4 * vectorOffset;
    f.get(accumulator).get(phaseBytes).op(Op.i32Add).set(tableAddress);
    f.get(tableAddress).get(tableAddress).load('v128', offset).get(contribution).simd(Simd.f32x4Add).store('v128', offset);
  };
  /** Adds the float32 tables into the float64 ones, a vector at a time, and zeroes them. */
  const foldTables = (): void => {
    const entry = f.local('i32');
    const lanes = f.local('v128');
    f.i32(0).set(entry);
    f.block(() => {
      f.loop(() => {
        f.get(entry).get(tableBytes).op(Op.i32GeU).brIf(1);
        for (const tables of gradientTables) {
          f.get(tables.accumulator).get(entry).op(Op.i32Add).set(tableAddress);
          f.get(tableAddress).load('v128').set(lanes);
          f.get(tableAddress).i32x4(0).store('v128');
          f.get(tables.sums).get(entry).i32(1).op(Op.i32Shl).op(Op.i32Add).set(tableAddress);
          f.get(tableAddress).get(tableAddress).load('v128').get(lanes).simd(Simd.f64x2PromoteLowF32x4).simd(Simd.f64x2Add).store('v128');
          f.get(tableAddress).get(tableAddress).load('v128', 16).get(lanes).get(lanes).simd(Simd.i8x16Shuffle).op(...highLanesLow);
          f.simd(Simd.f64x2PromoteLowF32x4).simd(Simd.f64x2Add).store('v128', 16);
        }
        f.get(entry).i32(16).op(Op.i32Add).set(entry);
        f.br(0);
      });
    });
  };

  const laneDraws = (): void => {
    // Draws for element indices firstIndex + i + lane.
    f.get(arg('firstIndex')).get(i).op(Op.i32Add).simd(Simd.i32x4Splat);
    f.i32x4Lanes([vectorOffset, vectorOffset + 1, vectorOffset + 2, vectorOffset + 3]).simd(Simd.i32x4Add);
    emitUniformDraws(f, key);
  };

  const inputs = {
    pushDraws: laneDraws,
    hoisted: (node: NumNode): Local => {
      const local = scalarSlots.get(node) ?? channelSlots.get(node);
      if (local === undefined) throw new Error('lowering: hoisted value without a slot');
      return local;
    },
    literal: (node: NumNode): number | undefined => kernel.slots.literals.get(node),
    nonPositiveExponentials: kernel.nonPositiveExponentials,
  };

  /** Computes the lanes in `vector`'s x (and grad) into its `out`; accumulates, masked when `laneMask` is given. */
  const body = (vector: VectorLocals, laneMask: Local | undefined, periodicCall: boolean): void => {
    const { grad } = vector;
    const results = emitLanes(f, kernel.roots, kernel.plan, { ...inputs, x: vector.x, savedOutput: vector.savedOutput });
    const [first] = results;
    if (first === undefined) throw new Error('lowering: no roots');
    f.get(first);
    if (backward) f.get(grad).simd(Simd.f32x4Mul);
    f.set(vector.out);
    results.slice(1).forEach((partial, index) => {
      const accumulator = accumulators[index];
      const tables = gradientTables[index];
      if (accumulator === undefined || tables === undefined) return;
      f.get(partial).get(grad).simd(Simd.f32x4Mul);
      if (laneMask !== undefined) f.i32x4(0).get(laneMask).simd(Simd.v128Bitselect);
      f.set(contribution);
      if (periodicCall) addToTable(tables.accumulator);
      else f.get(accumulator).get(contribution).simd(Simd.f32x4Add).set(accumulator);
    });
  };

  const flush = (): void => {
    accumulators.forEach((accumulator, index) => {
      // sums[index * channels + channel] += lane0 + lane1 + lane2 + lane3, in float64.
      const address = f.local('i32');
      f.get(arg('sumsPtr')).i32(index).get(arg('channels')).op(Op.i32Mul).get(channel).op(Op.i32Add).i32(3).op(Op.i32Shl).op(Op.i32Add).set(address);
      f.get(address).get(address).load('f64');
      for (let lane = 0; lane < 4; lane++) {
        f.get(accumulator).op(Op.simdPrefix).op(Simd.f32x4ExtractLane, lane).op(Op.f64PromoteF32).op(Op.f64Add);
      }
      f.store('f64');
      f.i32x4(0).set(accumulator);
    });
  };

  const pointer = (base: ArgName, index: Local): void => {
    f.get(arg(base)).get(index).i32(2).op(Op.i32Shl).op(Op.i32Add);
  };

  /** The arrays the kernel reads, each into its local, with its slot in the tail's scratch vectors. */
  const streams: { readonly base: ArgName; readonly local: 'x' | 'grad' | 'savedOutput'; readonly scratch: number }[] = [
    ...(kernel.readsInput ? [{ base: 'inPtr' as const, local: 'x' as const, scratch: 0 }] : []),
    ...(backward ? [{ base: 'gradPtr' as const, local: 'grad' as const, scratch: 16 }] : []),
    ...(readsOutput ? [{ base: 'savedOutputPtr' as const, local: 'savedOutput' as const, scratch: 48 }] : []),
  ];

  f.block(() => {
    f.loop(() => {
      f.get(i).get(arg('count')).op(Op.i32GeU).brIf(1);
      // The channel block holding element i, clipped to this call's range.
      f.get(arg('firstIndex')).get(i).op(Op.i32Add).get(arg('stride')).op(Op.i32DivU).set(blockIndex);
      f.get(blockIndex).get(arg('channels')).op(Op.i32RemU).set(channel);
      f.get(blockIndex).i32(1).op(Op.i32Add).get(arg('stride')).op(Op.i32Mul).get(arg('firstIndex')).op(Op.i32Sub).tee(blockEnd);
      f.get(arg('count')).get(blockEnd).get(arg('count')).op(Op.i32LtU).op(Op.select).set(blockEnd);
      for (const [node, slot] of kernel.slots.perChannel) {
        const local = channelSlots.get(node);
        if (local === undefined) continue;
        f.get(arg('slotsPtr')).i32(kernel.slots.scalar.size + 0).get(arg('channels')).i32(slot).op(Op.i32Mul).op(Op.i32Add).get(channel).op(Op.i32Add).i32(2).op(Op.i32Shl).op(Op.i32Add);
        f.load('f32').simd(Simd.f32x4Splat).set(local);
      }
      f.get(blockEnd).get(i).op(Op.i32Sub).i32(-4).op(Op.i32And).get(i).op(Op.i32Add).set(vectorEnd);
      /**
       * Vectors from i while `count` more fit before vectorEnd, `count` per iteration. All loads come
       * first and all stores last: a store before the next vector's load would pin each vector's
       * arithmetic between them, where this way V8 interleaves the vectors' independent operations.
       */
      const vectorLoop = (count: number, periodicCall: boolean): void => {
        const group = vectors.slice(0, count);
        f.block(() => {
          f.loop(() => {
            f.get(i).i32(4 * count).op(Op.i32Add).get(vectorEnd).op(Op.i32GtU).brIf(1);
            group.forEach((vector, k) => {
              for (const stream of streams) {
                pointer(stream.base, i);
                f.load('v128', 16 * k).set(vector[stream.local]);
              }
            });
            group.forEach((vector, k) => {
              vectorOffset = 4 * k;
              if (periodicCall) loadChannelTables();
              body(vector, undefined, periodicCall);
            });
            vectorOffset = 0;
            group.forEach((vector, k) => {
              pointer('outPtr', i);
              f.get(vector.out).store('v128', 16 * k);
            });
            if (periodicCall) advancePhase(4 * count);
            f.get(i).i32(4 * count).op(Op.i32Add).set(i);
            if (backward && accumulators.length > 0) {
              f.get(counter).i32(count).op(Op.i32Add).tee(counter);
              if (periodicCall) f.get(foldEvery);
              else f.i32(flushEvery);
              f.op(Op.i32GeU).ifThen(() => {
                if (periodicCall) foldTables();
                else flush();
                f.i32(0).set(counter);
              });
            }
            f.br(0);
          });
        });
      };
      const vectorLoops = (periodicCall: boolean): void => {
        if (unroll > 1) vectorLoop(unroll, periodicCall);
        vectorLoop(1, periodicCall);
      };
      // Periodic calls get loops of their own, so that channel blocks pay nothing for them.
      byLayout(() => { vectorLoops(true); }, () => { vectorLoops(false); });
      // Tail of the block: 1 to 3 lanes through a zero-padded scratch vector.
      f.get(blockEnd).get(i).op(Op.i32Sub).tee(remaining);
      f.ifThen(() => {
        for (const stream of streams) f.get(arg('scratchPtr')).i32x4(0).store('v128', stream.scratch);
        f.i32(0).set(j);
        f.block(() => {
          f.loop(() => {
            f.get(j).get(remaining).op(Op.i32GeU).brIf(1);
            for (const stream of streams) {
              f.get(arg('scratchPtr')).get(j).i32(2).op(Op.i32Shl).op(Op.i32Add);
              f.get(arg(stream.base)).get(i).get(j).op(Op.i32Add).i32(2).op(Op.i32Shl).op(Op.i32Add).load('f32');
              f.store('f32', stream.scratch);
            }
            f.get(j).i32(1).op(Op.i32Add).set(j);
            f.br(0);
          });
        });
        for (const stream of streams) f.get(arg('scratchPtr')).load('v128', stream.scratch).set(single[stream.local]);
        const mask = f.local('v128');
        f.i32x4Lanes([0, 1, 2, 3]).get(remaining).simd(Simd.i32x4Splat).simd(Simd.i32x4LtS).set(mask);
        byLayout(() => { loadChannelTables(); body(single, mask, true); }, () => { body(single, mask, false); });
        f.get(arg('scratchPtr')).get(single.out).store('v128', 32);
        f.i32(0).set(j);
        f.block(() => {
          f.loop(() => {
            f.get(j).get(remaining).op(Op.i32GeU).brIf(1);
            f.get(arg('outPtr')).get(i).get(j).op(Op.i32Add).i32(2).op(Op.i32Shl).op(Op.i32Add);
            f.get(arg('scratchPtr')).get(j).i32(2).op(Op.i32Shl).op(Op.i32Add).load('f32', 32);
            f.store('f32');
            f.get(j).i32(1).op(Op.i32Add).set(j);
            f.br(0);
          });
        });
        f.get(blockEnd).set(i);
      });
      if (backward) {
        byLayout(foldTables, flush);
        f.i32(0).set(counter);
      }
      f.br(0);
    });
  });
}

import type { Arena } from '../memory/arena.js';
import type { ThreadPool } from '../threads/thread-pool.js';
import type { MemoryImport } from '../wasm/module-builder.js';
import type { GemmEpilogue } from './gemm-kernel.js';
import { buildGemmModule, panelWidth, tileRows } from './gemm-kernel.js';

type Exported = (...args: number[]) => void;

export interface CompiledGemm {
  readonly module: WebAssembly.Module;
  readonly kernel: Exported;
  readonly pack: Exported;
}

/** One GEMM call: byte offsets in the arena and sizes; op(A) is [m, k], op(B) is [k, n]. */
export interface GemmCall {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  /** Bias of n floats in the arena, or undefined. */
  readonly bias?: { readonly pointer: number; readonly length: number } | undefined;
  /** Where to store the pre-activation as well. */
  readonly pre?: number | undefined;
  /** Hoisted activation values: scalars, then one run of n per per-channel slot. */
  readonly slotValues?: Float32Array | undefined;
  readonly scalarSlots?: number;
  readonly key?: number;
}

/**
 * Multiply-adds (m·k·n) from which a GEMM is split across threads. Measured on the 2-core machine
 * (bench/gemm.ts and repeated 1- vs 2-thread runs of matmul): up to 2^21 multiply-adds the second
 * thread is as often slower as faster (the worker round trip costs tens of µs); from 64x784x128
 * (6.1·2^20) two threads were 1.2-1.6x faster in every run. So the split starts at 2^22.
 */
export const defaultGemmParallelThreshold = 1 << 22;

const compileModule = (bytes: Uint8Array<ArrayBuffer>, memory: WebAssembly.Memory): CompiledGemm => {
  const module = new WebAssembly.Module(bytes);
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const { kernel, pack } = instance.exports;
  if (typeof kernel !== 'function' || typeof pack !== 'function') throw new Error('gemm module exports no kernel');
  return { module, kernel: kernel as Exported, pack: pack as Exported };
};

/** Runs generated GEMM kernels on the arena: packs B when needed, pads the bias, splits rows over threads. */
export class GemmRunner {
  private scratch = { pointer: -1, bytes: 0 };
  private readonly plain = new Map<boolean, CompiledGemm>();

  constructor(
    private readonly arena: Arena,
    private readonly memoryImport: MemoryImport,
    /** Workers for large products (shared with the backend's element-wise kernels); none: one thread. */
    private readonly pool: ThreadPool | undefined,
    readonly parallelThreshold: number,
    /** Accumulate with relaxed SIMD's multiply-add (fused on hardware with FMA). */
    private readonly fusedMultiplyAdd: boolean,
  ) {}

  /** The kernel without an activation: plain matmul (bias and pre-activation still available). */
  plainKernel(transposeA: boolean): CompiledGemm {
    let compiled = this.plain.get(transposeA);
    if (compiled === undefined) {
      compiled = compileModule(buildGemmModule({ transposeA, fusedMultiplyAdd: this.fusedMultiplyAdd }, this.memoryImport), this.arena.memory);
      this.plain.set(transposeA, compiled);
    }
    return compiled;
  }

  compileEpilogue(epilogue: GemmEpilogue): CompiledGemm {
    return compileModule(buildGemmModule({ transposeA: false, epilogue, fusedMultiplyAdd: this.fusedMultiplyAdd }, this.memoryImport), this.arena.memory);
  }

  run(compiled: CompiledGemm, call: GemmCall): void {
    const { arena } = this;
    const { m, k, n } = call;
    if (m === 0 || n === 0) return;
    const panels = Math.ceil(n / panelWidth);
    const paddedColumns = panels * panelWidth;
    const direct = !call.transposeB && n % panelWidth === 0;
    const packedBytes = direct ? 0 : panels * k * panelWidth * 4;
    const channelSlots = call.slotValues === undefined ? 0 : (call.slotValues.length - (call.scalarSlots ?? 0)) / n;
    const scalarSlots = call.scalarSlots ?? 0;
    const biasBytes = paddedColumns * 4;
    const slotsBytes = Math.ceil((scalarSlots * 4) / 16) * 16;
    const channelBytes = channelSlots * paddedColumns * 4;
    const scratch = this.scratchFor(packedBytes + biasBytes + slotsBytes + channelBytes);
    const packed = scratch;
    const biasPointer = packed + packedBytes;
    const slotsPointer = biasPointer + biasBytes;
    const channelPointer = slotsPointer + slotsBytes;
    const heap = arena.heapFloat32;
    const biasView = heap.subarray(biasPointer / 4, biasPointer / 4 + paddedColumns);
    biasView.fill(0);
    if (call.bias !== undefined) heap.copyWithin(biasPointer / 4, call.bias.pointer / 4, call.bias.pointer / 4 + call.bias.length);
    if (call.slotValues !== undefined) {
      heap.set(call.slotValues.subarray(0, scalarSlots), slotsPointer / 4);
      for (let slot = 0; slot < channelSlots; slot++) {
        const start = channelPointer / 4 + slot * paddedColumns;
        heap.set(call.slotValues.subarray(scalarSlots + slot * n, scalarSlots + (slot + 1) * n), start);
        heap.fill(0, start + n, start + paddedColumns);
      }
    }
    if (!direct && k > 0) compiled.pack(call.b, packed, k, n, call.transposeB ? 1 : 0);
    const bPointer = direct ? call.b : packed;
    const bPanelStride = direct ? panelWidth * 4 : k * panelWidth * 4;
    const bRowStride = direct ? n * 4 : panelWidth * 4;
    const aStride = (call.transposeA ? m : k) * 4;
    const argsFor = (rowStart: number, rowEnd: number): number[] => [
      call.a, aStride, bPointer, bPanelStride, bRowStride, call.c, k, n, rowStart, rowEnd, biasPointer, call.pre ?? 0, slotsPointer, channelPointer, paddedColumns, call.key ?? 0,
    ];
    const { pool } = this;
    if (pool?.active === true && m >= 2 * tileRows && m * n * k >= this.parallelThreshold) {
      this.runParallel(pool, compiled, m, argsFor);
    } else {
      compiled.kernel(...argsFor(0, m));
    }
  }

  private runParallel(pool: ThreadPool, compiled: CompiledGemm, m: number, argsFor: (rowStart: number, rowEnd: number) => number[]): void {
    const chunk = Math.ceil(m / pool.threads / tileRows) * tileRows;
    const tasks: { args: number[] }[] = [];
    for (let start = chunk; start < m; start += chunk) tasks.push({ args: argsFor(start, Math.min(m, start + chunk)) });
    pool.run(compiled.module, tasks, () => { compiled.kernel(...argsFor(0, Math.min(m, chunk))); });
  }

  private scratchFor(bytes: number): number {
    if (bytes > this.scratch.bytes) {
      if (this.scratch.pointer >= 0) this.arena.release(this.scratch.pointer);
      const size = Math.max(bytes, 4096);
      this.scratch = { pointer: this.arena.allocate(size), bytes: size };
    }
    return this.scratch.pointer;
  }
}

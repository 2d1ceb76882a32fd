import type { Arena } from '../memory/arena.js';
import type { ThreadPool } from '../threads/thread-pool.js';
import { ArenaAddresses } from './arena-addresses.js';
import type { CompiledKernel } from './kernel-cache.js';
import type { Blocks } from './kernel-layout.js';
import { scratchBytes, wholeRange } from './kernel-layout.js';
import type { PeriodicLayout } from './periodic-layout.js';
import { foldPeriodicSums, periodicLayout, periodicSlotsLength, writePeriodicSlots } from './periodic-layout.js';

export interface KernelArrays {
  readonly input: Float32Array;
  readonly grad?: Float32Array;
  /** The saved forward output y, for backward kernels that read it. */
  readonly savedOutput?: Float32Array;
  readonly output: Float32Array;
}

const noSums = new Float64Array(0);
/**
 * Kernels bound by arithmetic split from this fraction of `parallelThreshold`: measured, elu on two
 * threads ran 0.73-0.78 x at 2,048 elements, 1.03 x at 4,096 and 1.32 x at 8,192, where relu
 * needs 65,536.
 */
const arithmeticThresholdDivisor = 8;
/** Staging up to this size stays allocated between calls (small calls then allocate nothing). */
const keptAreaBytes = 1 << 22;
const alignUp = (bytes: number): number => Math.ceil(bytes / 16) * 16;

/** A loop copies this many slot values faster than `set`, a call into the runtime of about 20 ns. */
const loopCopyLimit = 16;

function copyValues(heap: Float32Array, start: number, values: Float32Array): void {
  if (values.length > loopCopyLimit) heap.set(values, start);
  else for (let index = 0; index < values.length; index++) heap[start + index] = values[index] ?? 0;
}

/**
 * Runs compiled kernels on the arena: arrays already in it are used in place, others are copied in
 * and out; large arrays are split across worker threads that share the memory.
 */
export class WasmRunner {
  private area = { pointer: -1, bytes: 0 };
  private sums = new Float64Array(8);
  private readonly addresses: ArenaAddresses;

  constructor(
    private readonly arena: Arena,
    /** Workers for large arrays; none: one thread. */
    private readonly pool: ThreadPool | undefined,
    private readonly parallelThreshold: number,
  ) {
    this.addresses = new ArenaAddresses(arena);
  }

  /**
   * Returns the float64 partial sums of parameter gradients (backward), one run of `channels` per
   * parameter, valid until the next call.
   */
  run(kernel: CompiledKernel, values: Float32Array, blocks: Blocks, key: number, arrays: KernelArrays): Float64Array {
    const wasm = kernel.wasm;
    if (wasm === undefined) throw new Error('kernel was not compiled');
    const { arena } = this;
    const n = arrays.input.length;
    const scalarCount = kernel.slots.scalar.size;
    const layout = kernel.slots.perChannel.size > 0 ? periodicLayout(blocks, n) : undefined;
    const slotsLength = layout === undefined ? values.length : periodicSlotsLength(values, scalarCount, blocks, layout);
    const parameterCount = kernel.prepared.gradientParams.length;
    const sumCount = parameterCount * (layout === undefined ? blocks.channels : layout.tableLength);
    const slotsBytes = alignUp(slotsLength * 4);
    // A periodic backward call's kernel also keeps float32 tables after the float64 ones (build-kernel.ts).
    const accumulatorBytes = layout === undefined ? 0 : parameterCount * layout.tableLength * 4;
    const sumsBytes = alignUp(sumCount * 8 + accumulatorBytes);
    // Arrays outside the arena are staged in the calling thread's area, after scratch, slots and sums.
    // An input the kernel does not read is staged only to receive an in-place result.
    const { addresses } = this;
    const inputAddress = kernel.prepared.readsInput || arrays.output === arrays.input ? addresses.of(arrays.input) : 0;
    const inputStaged = inputAddress < 0;
    const gradAddress = arrays.grad === undefined ? 0 : addresses.of(arrays.grad);
    const gradStaged = arrays.grad !== undefined && gradAddress < 0;
    const savedOutput = kernel.prepared.readsOutput ? arrays.savedOutput : undefined;
    const savedOutputAddress = savedOutput === undefined ? 0 : addresses.of(savedOutput);
    const savedOutputStaged = savedOutput !== undefined && savedOutputAddress < 0;
    const outputSeparate = arrays.output !== arrays.input && arrays.output !== arrays.grad;
    const outputAddress = addresses.of(arrays.output);
    const outputStaged = outputSeparate && outputAddress < 0;
    const stageBytes = alignUp(n * 4);
    const stagedCount = Number(inputStaged) + Number(gradStaged) + Number(savedOutputStaged) + Number(outputStaged);
    const area = this.areaFor(scratchBytes + slotsBytes + sumsBytes + stagedCount * stageBytes);
    const slots = area + scratchBytes;
    const sumsPointer = slots + slotsBytes;
    const heap = arena.heapFloat32;
    if (layout === undefined) copyValues(heap, slots / 4, values);
    else writePeriodicSlots(heap, slots / 4, values, scalarCount, blocks, layout);
    if (sumsBytes > 0) arena.float64(sumsPointer, sumsBytes / 8).fill(0);
    const sums = sumCount === 0 ? noSums : arena.float64(sumsPointer, sumCount);
    if (n === 0) return this.channelSums(sums, parameterCount, blocks, layout);
    let next = sumsPointer + sumsBytes;
    let inPtr = inputAddress;
    if (inputStaged) {
      inPtr = next;
      next += stageBytes;
      heap.set(arrays.input, inPtr / 4);
    }
    let gradPtr = gradAddress;
    if (gradStaged) {
      gradPtr = next;
      next += stageBytes;
      heap.set(arrays.grad, gradPtr / 4);
    }
    let savedOutputPtr = savedOutputAddress;
    if (savedOutputStaged) {
      savedOutputPtr = next;
      next += stageBytes;
      heap.set(savedOutput, savedOutputPtr / 4);
    }
    let outPtr = arrays.output === arrays.input ? inPtr : arrays.output === arrays.grad ? gradPtr : outputAddress;
    if (outputStaged) outPtr = next;
    const backward = arrays.grad !== undefined;
    const { stride, channels } = layout === undefined ? blocks : wholeRange;
    const period = layout?.period ?? 0;
    const threshold = kernel.arithmeticBound ? this.parallelThreshold / arithmeticThresholdDivisor : this.parallelThreshold;
    const { pool } = this;
    if (pool?.active === true && n >= threshold) {
      this.runParallel(pool, wasm, n, backward, (start, count, scratch, sumsAt) =>
        backward
          ? [inPtr + start * 4, outPtr + start * 4, count, slots, stride, channels, start, key, scratch, gradPtr + start * 4, sumsAt, savedOutputPtr + start * 4, period]
          : [inPtr + start * 4, outPtr + start * 4, count, slots, stride, channels, start, key, scratch, period],
      area, sums, sumsPointer, sumsBytes);
    } else if (backward) {
      wasm.run(inPtr, outPtr, n, slots, stride, channels, 0, key, area, gradPtr, sumsPointer, savedOutputPtr, period);
    } else {
      wasm.run(inPtr, outPtr, n, slots, stride, channels, 0, key, area, period);
    }
    if (outputStaged || (!outputSeparate && outputAddress < 0)) arrays.output.set(arena.float32(outPtr, n));
    const result = this.channelSums(sums, parameterCount, blocks, layout);
    if (this.area.bytes > keptAreaBytes) this.releaseArea();
    return result;
  }

  /**
   * The per-channel sums from the kernel's raw sums (one per channel, or periodic tables), copied
   * out of the arena into a buffer reused across calls: one allocation fewer per call.
   */
  private channelSums(raw: Float64Array, parameterCount: number, blocks: Blocks, layout: PeriodicLayout | undefined): Float64Array {
    if (raw.length === 0) return noSums;
    const count = parameterCount * blocks.channels;
    if (count > this.sums.length) this.sums = new Float64Array(Math.max(count, 2 * this.sums.length));
    if (layout === undefined) this.sums.set(raw);
    else foldPeriodicSums(raw, parameterCount, blocks, layout, this.sums);
    return this.sums.subarray(0, count);
  }

  private releaseArea(): void {
    if (this.area.pointer >= 0) this.arena.release(this.area.pointer);
    this.area = { pointer: -1, bytes: 0 };
  }

  private runParallel(
    pool: ThreadPool,
    wasm: NonNullable<CompiledKernel['wasm']>,
    n: number,
    backward: boolean,
    argsFor: (start: number, count: number, scratch: number, sumsAt: number) => number[],
    area: number,
    sums: Float64Array,
    sumsPointer: number,
    sumsBytes: number,
  ): void {
    // Chunks of whole vectors; each worker gets its own scratch and partial sums.
    const chunk = Math.ceil(n / pool.threads / 4) * 4;
    const workerAreas: number[] = [];
    const tasks: { args: number[] }[] = [];
    for (let start = chunk; start < n; start += chunk) {
      const workerArea = this.arena.allocate(scratchBytes + sumsBytes);
      workerAreas.push(workerArea);
      if (backward) this.arena.float64(workerArea + scratchBytes, sumsBytes / 8).fill(0);
      tasks.push({ args: argsFor(start, Math.min(chunk, n - start), workerArea, workerArea + scratchBytes) });
    }
    try {
      pool.run(wasm.module, tasks, () => { wasm.run(...argsFor(0, Math.min(chunk, n), area, sumsPointer)); });
      for (const workerArea of workerAreas) {
        this.arena.float64(workerArea + scratchBytes, sums.length).forEach((value, index) => { sums[index] = (sums[index] ?? 0) + value; });
      }
    } finally {
      for (const pointer of workerAreas) this.arena.release(pointer);
    }
  }

  /**
   * The calling thread's scratch, slots, sums and staged copies: one block reused across calls,
   * grown when needed; blocks above `keptAreaBytes` are released after the call that needed them.
   */
  private areaFor(bytes: number): number {
    if (bytes > this.area.bytes) {
      this.releaseArea();
      const size = Math.max(bytes, 1024);
      this.area = { pointer: this.arena.allocate(size), bytes: size };
    }
    return this.area.pointer;
  }
}

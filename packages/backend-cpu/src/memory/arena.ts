import { RectifyError } from '@rectify/activation-core';
import type { MemoryImport } from '../wasm/module-builder.js';

const pageBytes = 65536;
const alignBytes = 16;

interface Block {
  readonly offset: number;
  readonly bytes: number;
}

const alignUp = (value: number): number => Math.ceil(value / alignBytes) * alignBytes;

/**
 * The backend's WebAssembly memory and a first-fit allocator over it. The memory is shared when the
 * platform has SharedArrayBuffer, so worker threads see it and growing it never detaches arrays
 * handed out earlier.
 */
export class Arena {
  readonly memory: WebAssembly.Memory;
  readonly shared: boolean;
  readonly maximumPages: number;
  private readonly free: Block[] = [];
  private readonly used = new Map<number, number>();
  private readonly buffers = new Set<ArrayBufferLike>();
  private top = alignBytes;

  constructor(options: { initialPages?: number; maximumPages?: number } = {}) {
    this.shared = typeof SharedArrayBuffer === 'function';
    this.maximumPages = options.maximumPages ?? 65536;
    const initial = options.initialPages ?? 64;
    this.memory = new WebAssembly.Memory({ initial, maximum: this.maximumPages, shared: this.shared });
    this.buffers.add(this.memory.buffer);
    this.heapFloat32 = new Float32Array(this.memory.buffer);
    this.heapFloat64 = new Float64Array(this.memory.buffer);
  }

  get bytesInUse(): number {
    let total = 0;
    for (const bytes of this.used.values()) total += bytes;
    return total;
  }

  get liveBlocks(): number {
    return this.used.size;
  }

  /** Reserves `bytes` (rounded up to 16) and returns the byte offset. */
  allocate(bytes: number): number {
    const size = alignUp(Math.max(bytes, alignBytes));
    const index = this.free.findIndex((block) => block.bytes >= size);
    let offset: number;
    if (index >= 0) {
      const block = this.free[index];
      if (block === undefined) throw new Error('arena: free list out of sync');
      offset = block.offset;
      if (block.bytes > size) this.free[index] = { offset: block.offset + size, bytes: block.bytes - size };
      else this.free.splice(index, 1);
    } else {
      offset = this.top;
      this.ensure(offset + size);
      this.top += size;
    }
    this.used.set(offset, size);
    return offset;
  }

  release(offset: number): void {
    const bytes = this.used.get(offset);
    if (bytes === undefined) throw new RectifyError('INVALID_OPTION', 'This array was not allocated by this backend, or was already freed.');
    this.used.delete(offset);
    this.free.push({ offset, bytes });
    this.free.sort((a, b) => a.offset - b.offset);
    for (let i = this.free.length - 1; i > 0; i--) {
      const previous = this.free[i - 1];
      const current = this.free[i];
      if (previous !== undefined && current !== undefined && previous.offset + previous.bytes === current.offset) {
        this.free.splice(i - 1, 2, { offset: previous.offset, bytes: previous.bytes + current.bytes });
      }
    }
    const last = this.free.at(-1);
    if (last !== undefined && last.offset + last.bytes === this.top) {
      this.free.pop();
      this.top = last.offset;
    }
  }

  sizeOf(offset: number): number | undefined {
    return this.used.get(offset);
  }

  /** Views over the whole memory, rebuilt when it grows (only the arena grows it). */
  heapFloat32: Float32Array;
  heapFloat64: Float64Array;

  /** A Float32Array view of one block; views stay valid when shared memory grows. */
  float32(offset: number, length: number): Float32Array {
    return this.heapFloat32.subarray(offset / 4, offset / 4 + length);
  }

  float64(offset: number, length: number): Float64Array {
    return this.heapFloat64.subarray(offset / 8, offset / 8 + length);
  }

  /** How generated modules import this memory. */
  get memoryImport(): MemoryImport {
    return { module: 'env', name: 'memory', initial: 1, maximum: this.maximumPages, shared: this.shared };
  }

  /** Whether an array lives in this memory (and so needs no copy). */
  contains(array: ArrayBufferView): boolean {
    return this.buffers.has(array.buffer);
  }

  private ensure(end: number): void {
    const current = this.heapFloat32.byteLength;
    if (end <= current) return;
    const pages = Math.ceil((end - current) / pageBytes);
    const grown = current / pageBytes + pages;
    if (grown > this.maximumPages) {
      throw new RectifyError('INVALID_OPTION', `The CPU backend's memory would exceed its ${this.maximumPages * pageBytes} bytes.`);
    }
    // Grow geometrically so repeated allocations do not grow one page at a time.
    this.memory.grow(Math.min(this.maximumPages - current / pageBytes, Math.max(pages, current / pageBytes / 4)));
    this.buffers.add(this.memory.buffer);
    this.heapFloat32 = new Float32Array(this.memory.buffer);
    this.heapFloat64 = new Float64Array(this.memory.buffer);
  }
}

import type { DeviceTensor } from '@rectify/activation-core';
import { checkShape, RectifyError } from '@rectify/activation-core';
import type { Arena } from '../memory/arena.js';

/**
 * A float32 tensor of the CPU backend. With the WebAssembly engine its values live in the backend's
 * arena (shared WebAssembly memory, so kernels and worker threads use them in place); with the
 * interpreter they live in an ordinary Float32Array.
 */
export class CpuTensor implements DeviceTensor {
  readonly shape: readonly number[];
  readonly size: number;
  #pointer: number;
  #heap: Float32Array | undefined;
  #disposed = false;

  /** @internal Made by `TensorMemory` only. */
  constructor(
    readonly memory: TensorMemory,
    shape: readonly number[],
    size: number,
    pointer: number,
    heap: Float32Array | undefined,
  ) {
    this.shape = Object.freeze([...shape]);
    this.size = size;
    this.#pointer = pointer;
    this.#heap = heap;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** @internal Byte offset in the arena; -1 when the tensor lives outside it. */
  get pointer(): number {
    return this.#pointer;
  }

  /** @internal The values; a view into the arena (made afresh, since growing unshared memory detaches old views). */
  values(): Float32Array {
    return this.#heap ?? this.memory.view(this.#pointer, this.size);
  }

  /** @internal */
  markDisposed(): void {
    this.#disposed = true;
    this.#heap = undefined;
    this.#pointer = -1;
  }
}

/** Allocates, checks and frees the tensors of one backend. */
export class TensorMemory {
  private liveCount = 0;

  constructor(readonly arena: Arena | undefined) {}

  /** Tensors allocated and not yet disposed. */
  get live(): number {
    return this.liveCount;
  }

  /** A new tensor of `shape`; its values are undefined unless `zero`. */
  allocate(shape: readonly number[], zero = false): CpuTensor {
    const size = checkShape(shape);
    this.liveCount++;
    if (this.arena === undefined) return new CpuTensor(this, shape, size, -1, new Float32Array(size));
    const pointer = this.arena.allocate(size * 4);
    const tensor = new CpuTensor(this, shape, size, pointer, undefined);
    if (zero) tensor.values().fill(0);
    return tensor;
  }

  view(pointer: number, size: number): Float32Array {
    if (this.arena === undefined) throw new Error('tensor memory: no arena');
    return this.arena.float32(pointer, size);
  }

  /** The values of a live tensor of this backend, or a RectifyError naming what is wrong. */
  open(tensor: unknown, what: string): Float32Array {
    if (!(tensor instanceof CpuTensor) || tensor.memory !== this) {
      throw new RectifyError('INVALID_OPTION', `${what} is not a tensor of this CPU backend; read() it from its own backend and make a tensor here.`, { what });
    }
    if (tensor.disposed) throw new RectifyError('INVALID_OPTION', `${what} was disposed.`, { what });
    return tensor.values();
  }

  /** Checks like `open` without making a view. */
  check(tensor: unknown, what: string): CpuTensor {
    if (!(tensor instanceof CpuTensor) || tensor.memory !== this) {
      throw new RectifyError('INVALID_OPTION', `${what} is not a tensor of this CPU backend; read() it from its own backend and make a tensor here.`, { what });
    }
    if (tensor.disposed) throw new RectifyError('INVALID_OPTION', `${what} was disposed.`, { what });
    return tensor;
  }

  release(tensor: CpuTensor): void {
    this.check(tensor, 'dispose(): tensor');
    if (this.arena !== undefined && tensor.pointer >= 0) this.arena.release(tensor.pointer);
    tensor.markDisposed();
    this.liveCount--;
  }
}

import type { Arena } from '../memory/arena.js';

/** Arrays remembered: a call reads at most four (input, gradient, saved output, output). */
const remembered = 4;

/**
 * Where arrays lie in the arena, remembered for the last few arena arrays seen. V8 takes 10-20 ns
 * to read a view's `buffer` or `byteOffset`, several times per call, against about 0.2 µs for a
 * whole small call; a view's buffer and offset never change, so comparing identities is enough.
 * Only views of the arena are kept: they hold no memory of their own, where keeping a caller's own
 * array would keep it alive.
 */
export class ArenaAddresses {
  private readonly arrays: (Float32Array | undefined)[] = new Array<Float32Array | undefined>(remembered).fill(undefined);
  private readonly addresses: number[] = new Array<number>(remembered).fill(0);
  private next = 0;

  constructor(private readonly arena: Arena) {}

  /** The array's byte offset in the arena, or -1 when it lies elsewhere. */
  of(array: Float32Array): number {
    for (let index = 0; index < remembered; index++) {
      if (this.arrays[index] === array) return this.addresses[index] ?? -1;
    }
    if (!this.arena.contains(array)) return -1;
    const address = array.byteOffset;
    this.arrays[this.next] = array;
    this.addresses[this.next] = address;
    this.next = (this.next + 1) % remembered;
    return address;
  }
}

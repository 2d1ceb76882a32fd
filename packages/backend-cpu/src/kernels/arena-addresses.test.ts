import { describe, expect, it } from 'vitest';
import { Arena } from '../memory/arena.js';
import { ArenaAddresses } from './arena-addresses.js';

describe('ArenaAddresses', () => {
  const arena = new Arena({ initialPages: 1 });
  const views = Array.from({ length: 7 }, (_, index) => arena.float32(arena.allocate(64 + 16 * index), 4));

  it('gives each arena view its byte offset, also after more views than it remembers and in any order', () => {
    const expected = views.map((view) => view.byteOffset);
    expect(new Set(expected).size).toBe(views.length);
    for (const order of [[0, 1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1, 0], [0, 1, 2, 3, 3, 2, 4, 4, 0], [0, 6, 0, 5, 1, 0, 4, 3, 2, 0]]) {
      const addresses = new ArenaAddresses(arena);
      for (const index of order) expect(addresses.of(views[index] ?? new Float32Array(0))).toBe(expected[index]);
    }
  });

  it('tells a subarray of a remembered view by its own offset', () => {
    const addresses = new ArenaAddresses(arena);
    const [view] = views;
    if (view === undefined) throw new Error('no view');
    expect(addresses.of(view)).toBe(view.byteOffset);
    expect(addresses.of(view.subarray(2))).toBe(view.byteOffset + 8);
  });

  it('gives -1 for arrays outside the arena, also when asked again', () => {
    const addresses = new ArenaAddresses(arena);
    const outside = new Float32Array(new ArrayBuffer(64), 16, 4);
    const otherMemory = new Float32Array(new WebAssembly.Memory({ initial: 1 }).buffer, 32, 4);
    for (let round = 0; round < 2; round++) {
      expect(addresses.of(outside)).toBe(-1);
      expect(addresses.of(otherMemory)).toBe(-1);
    }
  });

  it('still finds views made after the memory grew', () => {
    const addresses = new ArenaAddresses(arena);
    const pointer = arena.allocate(4 * 65536);
    const grown = arena.float32(pointer, 4);
    expect(addresses.of(grown)).toBe(pointer);
    expect(addresses.of(views[0] ?? new Float32Array(0))).toBe(views[0]?.byteOffset);
  });
});

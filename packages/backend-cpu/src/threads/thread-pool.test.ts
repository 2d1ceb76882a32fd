import { afterAll, describe, expect, it } from 'vitest';
import { ModuleBuilder } from '../wasm/module-builder.js';
import { Op } from '../wasm/opcodes.js';
import { ThreadPool } from './thread-pool.js';

const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });

/** kernel(address, value): stores value at address; traps when value is negative. */
function storeModule(): WebAssembly.Module {
  const builder = new ModuleBuilder({ module: 'env', name: 'memory', initial: 1, maximum: 1, shared: true });
  builder.addFunction('kernel', ['i32', 'i32'], [], (f) => {
    f.get(f.param(1)).i32(0).op(Op.i32LtS);
    f.ifThen(() => {
      f.op(Op.unreachable);
    });
    f.get(f.param(0)).get(f.param(1)).store('i32');
  });
  return new WebAssembly.Module(builder.toBytes());
}

describe('ThreadPool', () => {
  const pool = new ThreadPool(memory, 2);
  const module = storeModule();
  const words = new Int32Array(memory.buffer, 0, 4);
  afterAll(() => { pool.destroy(); });

  it('runs each task on its own worker while the caller runs its share, call after call', () => {
    for (let call = 1; call <= 200; call++) {
      let own = 0;
      pool.run(module, [{ args: [4, call] }, { args: [8, call * 2] }], () => { own = call; });
      expect([own, Atomics.load(words, 1), Atomics.load(words, 2)]).toEqual([call, call, call * 2]);
    }
  });

  it('reports a kernel that failed on a worker', () => {
    expect(() => { pool.run(module, [{ args: [4, -1] }], () => undefined); }).toThrow(/worker failed/);
    pool.run(module, [{ args: [4, 7] }], () => undefined);
    expect(Atomics.load(words, 1)).toBe(7);
  });

  it('refuses work after destroy()', () => {
    const stopped = new ThreadPool(memory, 1);
    stopped.destroy();
    expect(stopped.active).toBe(false);
    expect(() => { stopped.run(module, [], () => undefined); }).toThrow(/after destroy/);
  });
});

import type { Worker } from 'node:worker_threads';
import { nodeWorkerThreads } from './node-builtins.js';
import { workerSource } from './worker-source.js';

export interface ThreadTask {
  /** Arguments for the kernel, already offset to this thread's range. */
  readonly args: readonly number[];
}

/**
 * Worker threads sharing the backend's WebAssembly memory. The calling thread runs its own share
 * of each call, then waits on flags in shared memory, so the array API stays synchronous.
 */
export class ThreadPool {
  private readonly workers: Worker[];
  private readonly sent = new WeakMap<WebAssembly.Module, number>();
  private nextId = 0;

  /** Worker threads are available on Node; elsewhere the backend stays on one thread. */
  static available(): boolean {
    return nodeWorkerThreads() !== undefined;
  }

  constructor(readonly memory: WebAssembly.Memory, readonly size: number) {
    const threads = nodeWorkerThreads();
    if (threads === undefined) throw new Error('worker threads need Node');
    this.workers = Array.from({ length: size }, () => {
      const worker = new threads.Worker(workerSource, { eval: true, workerData: { memory } });
      worker.unref();
      return worker;
    });
  }

  /**
   * Runs `tasks[k]` on worker k (instantiating `module` there on first use) while the caller runs
   * `own`; `flagsPointer` is a 16-byte-aligned area of `4 * tasks.length` bytes in shared memory.
   */
  run(module: WebAssembly.Module, tasks: readonly ThreadTask[], flagsPointer: number, own: () => void): void {
    let id = this.sent.get(module);
    if (id === undefined) {
      id = this.nextId++;
      this.sent.set(module, id);
      for (const worker of this.workers) worker.postMessage({ type: 'kernel', id, module });
    }
    const flags = new Int32Array(this.memory.buffer, flagsPointer, tasks.length);
    flags.fill(0);
    tasks.forEach((task, index) => {
      this.workers[index]?.postMessage({ type: 'run', id, args: task.args, flagsPointer: flagsPointer + index * 4 });
    });
    own();
    for (let index = 0; index < tasks.length; index++) {
      while (Atomics.load(flags, index) === 0) Atomics.wait(flags, index, 0, 1000);
      if (Atomics.load(flags, index) !== 1) throw new Error('a CPU backend worker failed to run its kernel');
    }
  }

  destroy(): void {
    for (const worker of this.workers) void worker.terminate();
  }
}

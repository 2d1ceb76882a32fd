import type { MessagePort, Worker } from 'node:worker_threads';
import { controlBlockInts, controlSlot, maxKernelArgs, spinMilliseconds } from './control-block.js';
import { nodeWorkerThreads } from './node-builtins.js';
import { workerSource } from './worker-source.js';

export interface ThreadTask {
  /** Arguments for the kernel, already offset to this thread's range (i32 values). */
  readonly args: readonly number[];
}

interface PoolWorker {
  readonly worker: Worker;
  /** Where kernel modules are posted; the worker takes them synchronously when told to. */
  readonly port: MessagePort;
}

/**
 * Worker threads sharing the backend's WebAssembly memory, started on the first call that needs
 * them; one pool serves a backend's element-wise kernels and its GEMM. A call is handed over
 * through control blocks in shared memory (no event-loop message, whose round trip alone costs
 * tens of microseconds); the calling thread runs its own share meanwhile and then waits for the
 * workers', so the array API stays synchronous.
 */
export class ThreadPool {
  private workers: PoolWorker[] = [];
  private readonly control: Int32Array;
  private readonly sent = new WeakMap<WebAssembly.Module, number>();
  private nextId = 0;
  private sequence = 0;
  private stopped = false;

  /** Worker threads are available on Node; elsewhere the backend stays on one thread. */
  static available(): boolean {
    return nodeWorkerThreads() !== undefined;
  }

  /** `size` workers: the calling thread makes one more. */
  constructor(readonly memory: WebAssembly.Memory, readonly size: number) {
    this.control = new Int32Array(new SharedArrayBuffer(size * controlBlockInts * 4));
  }

  /** Threads a call is split over: the workers and the calling thread. */
  get threads(): number {
    return this.size + 1;
  }

  /** False after `destroy()`: callers then run on their own thread. */
  get active(): boolean {
    return !this.stopped;
  }

  /** Runs `tasks[k]` on worker k (instantiating `module` there on first use) while the caller runs `own`. */
  run(module: WebAssembly.Module, tasks: readonly ThreadTask[], own: () => void): void {
    if (this.stopped) throw new Error('thread pool: used after destroy()');
    if (tasks.length > this.size) throw new Error(`thread pool: ${tasks.length} tasks for ${this.size} workers`);
    // Checked before any worker starts, so that none runs on memory this call stops using.
    if (tasks.some((task) => task.args.length > maxKernelArgs)) throw new Error(`thread pool: a kernel takes at most ${maxKernelArgs} arguments`);
    if (this.workers.length === 0) this.start();
    const id = this.moduleId(module);
    const sequence = ++this.sequence;
    tasks.forEach((task, index) => {
      const base = index * controlBlockInts;
      this.control[base + controlSlot.kernel] = id;
      this.control[base + controlSlot.argCount] = task.args.length;
      this.control.set(task.args, base + controlSlot.args);
      Atomics.store(this.control, base + controlSlot.request, sequence);
      Atomics.notify(this.control, base + controlSlot.request);
    });
    try {
      own();
    } finally {
      // Even when the caller's share threw: the workers' memory must not be reused while they run.
      this.waitFor(tasks.length, sequence);
    }
    for (let index = 0; index < tasks.length; index++) {
      if (this.control[index * controlBlockInts + controlSlot.status] !== 1) throw new Error('a CPU backend worker failed to run its kernel');
    }
  }

  /** Polls, then sleeps, until the first `count` workers have finished request `sequence`. */
  private waitFor(count: number, sequence: number): void {
    for (let index = 0; index < count; index++) {
      const done = index * controlBlockInts + controlSlot.done;
      const pollUntil = performance.now() + spinMilliseconds;
      while (Atomics.load(this.control, done) !== sequence && performance.now() < pollUntil);
      while (Atomics.load(this.control, done) !== sequence) Atomics.wait(this.control, done, Atomics.load(this.control, done), 1);
    }
  }

  /** Stops the workers for good. */
  destroy(): void {
    this.stopped = true;
    this.workers.forEach(({ worker, port }, index) => {
      Atomics.store(this.control, index * controlBlockInts + controlSlot.request, -1);
      Atomics.notify(this.control, index * controlBlockInts + controlSlot.request);
      port.close();
      void worker.terminate();
    });
    this.workers = [];
  }

  private start(): void {
    const threads = nodeWorkerThreads();
    if (threads === undefined) throw new Error('worker threads need Node');
    this.workers = Array.from({ length: this.size }, (_, index) => {
      const { port1, port2 } = new threads.MessageChannel();
      const workerData = { memory: this.memory, control: this.control.buffer, index, port: port2 };
      const worker = new threads.Worker(workerSource, { eval: true, workerData, transferList: [port2] });
      worker.unref();
      return { worker, port: port1 };
    });
  }

  /** The id under which every worker knows `module`, posting it to them the first time. */
  private moduleId(module: WebAssembly.Module): number {
    const known = this.sent.get(module);
    if (known !== undefined) return known;
    const id = this.nextId++;
    this.sent.set(module, id);
    this.workers.forEach(({ port }, index) => {
      port.postMessage({ id, module });
      Atomics.store(this.control, index * controlBlockInts + controlSlot.modulesPending, 1);
    });
    return id;
  }
}

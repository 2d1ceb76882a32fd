/**
 * The layout of each worker's control block: Int32 slots in a SharedArrayBuffer through which the
 * calling thread hands a kernel call to a worker and the worker reports it done, without a message
 * on the event loop. Blocks are 128 bytes apart so that two workers' slots never share a cache line.
 */
export const controlSlot = {
  /** Sequence number of the latest request; -1 asks the worker to stop. */
  request: 0,
  /** Sequence number of the latest request the worker finished. */
  done: 1,
  /** 1: the kernel ran; 2: it threw. */
  status: 2,
  /** Id of the kernel module to run. */
  kernel: 3,
  /** 1 when kernel modules wait on the worker's message port. */
  modulesPending: 4,
  argCount: 5,
  /** The kernel's i32 arguments from here on. */
  args: 6,
} as const;

export const controlBlockInts = 32;
export const maxKernelArgs = controlBlockInts - controlSlot.args;

/**
 * How long a thread polls a slot before it sleeps on it. Calls that follow each other closely (a
 * training loop, a benchmark) then find the worker awake; an idle worker costs nothing after it.
 */
export const spinMilliseconds = 0.2;

/** Channel blocks: `channels` blocks of `stride` elements, repeating. */
export interface Blocks {
  readonly stride: number;
  readonly channels: number;
}

/** One block spanning everything: calls without per-channel values, and periodic calls. */
export const wholeRange: Blocks = { stride: 0x7fffffff, channels: 1 };

const commonParams = ['inPtr', 'outPtr', 'count', 'slotsPtr', 'stride', 'channels', 'firstIndex', 'key', 'scratchPtr'] as const;
/**
 * Arguments of the generated functions, in order. `period` is 0 for channel blocks, else the length
 * of the periodic per-channel tables (periodic-layout.ts); kernels without per-channel values ignore it.
 */
export const forwardParams = [...commonParams, 'period'] as const;
/** `savedOutputPtr` is read only by kernels that read the saved forward output (0 otherwise). */
export const backwardParams = [...commonParams, 'gradPtr', 'sumsPtr', 'savedOutputPtr', 'period'] as const;

/** Bytes of scratch a kernel call needs for its vector tail. */
export const scratchBytes = 64;
/** Vectors accumulated in float32 before partial sums move to float64. */
export const flushEvery = 1024;

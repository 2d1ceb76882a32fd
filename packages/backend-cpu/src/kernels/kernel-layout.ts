/** Arguments of the generated functions, in order. */
export const forwardParams = ['inPtr', 'outPtr', 'count', 'slotsPtr', 'stride', 'channels', 'firstIndex', 'key', 'scratchPtr'] as const;
/** `savedOutputPtr` is read only by kernels that read the saved forward output (0 otherwise). */
export const backwardParams = [...forwardParams, 'gradPtr', 'sumsPtr', 'savedOutputPtr'] as const;

/** Bytes of scratch a kernel call needs for its vector tail. */
export const scratchBytes = 64;
/** Vectors accumulated in float32 before partial sums move to float64. */
export const flushEvery = 1024;

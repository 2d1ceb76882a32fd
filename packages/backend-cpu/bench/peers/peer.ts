/** The interface every compared implementation offers to the benchmark driver. */
import type { Case, OpSpec } from '../cases.js';
import type { InputFiles, BenchInputs } from '../inputs.js';
import type { MeasureOptions } from '../measure.js';

/** How a result differs from a single preallocated-output kernel call. */
export type Note = 'composite' | 'allocating';

interface RunnerBase {
  readonly note?: Note;
  dispose(): void | Promise<void>;
}

export interface SyncRunner extends RunnerBase {
  readonly kind: 'sync';
  run(): void;
}

export interface AsyncRunner extends RunnerBase {
  readonly kind: 'async';
  run(): Promise<void>;
}

/** A result timed elsewhere (another process), already reduced to a median. */
export interface MeasuredRunner {
  readonly kind: 'measured';
  readonly secondsPerCall: number;
  readonly note?: Note;
}

export type Runner = SyncRunner | AsyncRunner | MeasuredRunner;

/** Everything a peer may need to know before the cases of one thread count run. */
export interface Plan {
  readonly threads: number;
  readonly ops: readonly OpSpec[];
  readonly sizes: readonly number[];
  readonly inputs: BenchInputs;
  readonly inputFiles: InputFiles;
  readonly measure: MeasureOptions;
}

export interface PeerInfo {
  readonly available: boolean;
  /** Versions and settings, or why the peer is unavailable. */
  readonly description: string;
}

export interface Peer {
  readonly name: string;
  /** Called once per thread count before any case. */
  prepare(plan: Plan): Promise<PeerInfo>;
  /**
   * For a peer that times in another process: measures one op's cases, called just before the
   * other peers measure that op, so that all of an op's figures come from the same minutes of a
   * shared machine.
   */
  prepareOp?(plan: Plan, op: OpSpec): Promise<void>;
  /** A runner for the case, or undefined when the peer has no such operation. */
  setup(c: Case): Promise<Runner | undefined>;
  /** Releases what `prepare` acquired. */
  close(): Promise<void>;
}

/** Input slice of the case size, copied so every peer starts from its own buffer. */
export function caseInput(c: Case): Float32Array {
  return c.inputs.x.slice(0, c.size);
}

export function caseGrad(c: Case): Float32Array {
  return c.inputs.grad.slice(0, c.size);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error);
}

import type { TrainingResult } from '../training/train-options.js';

/** One finished training run, as the CLI, the metrics files and the report see it. */
export interface RunRecord {
  readonly label: string;
  readonly backend: string;
  /** Layer descriptions, by layer index (as in diagnostics). */
  readonly layers: readonly string[];
  readonly result: TrainingResult;
  /** Wall time of the whole run, evaluation and diagnostics included. */
  readonly seconds: number;
}

import type { LayerDiagnostics } from '../diagnostics/diagnose-model.js';
import type { LossKind } from './loss.js';
import type { OptimizerSpec, RegularizationSpec } from './optimizer.js';
import type { ScheduleSpec } from './schedule.js';

export interface EarlyStoppingSpec {
  /** Epochs without improvement of the held-out loss before stopping. */
  readonly patience: number;
  /** Smallest decrease that counts as an improvement; 0 by default. */
  readonly minDelta?: number;
  /** Put back the weights of the epoch with the lowest held-out loss when training ends (Keras' `restore_best_weights`); false by default. */
  readonly restoreBest?: boolean;
}

export interface StepProgress {
  readonly epoch: number;
  /** 1-based batch within the epoch. */
  readonly batch: number;
  readonly batches: number;
  readonly loss: number;
}

export interface TrainOptions extends RegularizationSpec {
  readonly epochs: number;
  readonly batchSize: number;
  /** Seed of the shuffling and dropout draws. */
  readonly seed?: number;
  /** 'cross_entropy' by default. */
  readonly loss?: LossKind;
  readonly optimizer: OptimizerSpec;
  readonly schedule?: ScheduleSpec;
  /** Scale all gradients down when their global L2 norm exceeds this. */
  readonly clipNorm?: number;
  /** Clamp every gradient element into [-clipValue, clipValue]. */
  readonly clipValue?: number;
  /** Stop when the held-out loss stops improving (needs a test set). */
  readonly earlyStopping?: EarlyStoppingSpec;
  /** Rows of the training set used for diagnostics; 512 by default, 0 turns diagnostics off. */
  readonly probeRows?: number;
  readonly histogramBins?: number;
  readonly onStep?: (progress: StepProgress) => void;
  /** Called after initialisation (epoch 0) and after every epoch; training waits for a returned promise (e.g. writing a checkpoint). */
  readonly onEpoch?: (record: EpochRecord) => void | Promise<void>;
}

export interface EpochRecord {
  /** 0 is the state at initialisation (no training yet). */
  readonly epoch: number;
  readonly trainLoss?: number;
  readonly trainAccuracy?: number;
  readonly testLoss?: number;
  readonly testAccuracy?: number;
  /** Learning rate of the epoch's last step. */
  readonly learningRate?: number;
  /** Training time of the epoch (steps only, not evaluation or diagnostics). */
  readonly seconds?: number;
  readonly samplesPerSecond?: number;
  /** Mean over the epoch's steps of each layer's gradient norm (all its parameters), by layer index. */
  readonly meanStepGradNorms?: readonly number[];
  readonly diagnostics?: readonly LayerDiagnostics[];
}

export interface TrainingResult {
  /** Epoch 0 (initialisation) first, then one record per epoch trained. */
  readonly history: readonly EpochRecord[];
  /** The epoch after which early stopping ended training, if it did. */
  readonly stoppedEarlyAfter: number | undefined;
  /** The epoch whose weights the model holds after `earlyStopping.restoreBest` put them back; `final` then reports that epoch. */
  readonly restoredEpoch: number | undefined;
  readonly steps: number;
  /** The loss of every training step, in order. */
  readonly stepLosses: readonly number[];
  /** Median over epochs of training samples per second. */
  readonly medianSamplesPerSecond: number;
  readonly final: { readonly testLoss?: number; readonly testAccuracy?: number; readonly trainLoss?: number; readonly trainAccuracy?: number };
}

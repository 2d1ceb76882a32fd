import type { TrainingBackend } from '@rectify/activation-core';
import type { DatasetSplit } from '../data/dataset.js';
import type { ModelSpec } from '../model/model-spec.js';
import { buildModel } from '../model/build-model.js';
import type { SequentialModel } from '../model/sequential-model.js';
import type { RunRecord } from '../report/run-record.js';
import { train } from '../training/train.js';
import type { EpochRecord, TrainOptions } from '../training/train-options.js';
import type { OutputStream } from './progress.js';
import { ProgressReporter } from './progress.js';
import { fixed, percent } from './table.js';

export interface RunRequest {
  readonly label: string;
  readonly spec: ModelSpec;
  readonly initSeed: number;
  readonly options: Omit<TrainOptions, 'onStep' | 'onEpoch'>;
}

const epochLine = (label: string, record: EpochRecord): string => {
  const dead = (record.diagnostics ?? [])
    .filter((layer) => layer.deadFraction !== undefined)
    .map((layer) => `L${layer.layer} ${percent(layer.deadFraction)}`)
    .join(' ');
  const train = record.trainLoss === undefined ? 'initialisation' : `train loss ${fixed(record.trainLoss)} acc ${percent(record.trainAccuracy)}`;
  const speed = record.samplesPerSecond === undefined ? '' : `, ${Math.round(record.samplesPerSecond).toLocaleString('en-US')} samples/s`;
  return `${label.padEnd(12)} epoch ${record.epoch}: ${train}, test loss ${fixed(record.testLoss)} acc ${percent(record.testAccuracy)}${dead === '' ? '' : `, dead ${dead}`}${speed}`;
};

/** Builds and trains one model, reporting progress on `stream`; hands the model to `keep` at the end, and after every epoch with `checkpoint`. */
export async function runTraining(
  backend: TrainingBackend,
  backendName: string,
  data: DatasetSplit,
  request: RunRequest,
  io: { readonly stream: OutputStream; readonly progress: boolean; readonly warn: (message: string) => void },
  keep?: (model: SequentialModel<ReturnType<TrainingBackend['zeros']>>, epoch: number) => Promise<void>,
  checkpoint = false,
): Promise<RunRecord> {
  const started = performance.now();
  const model = buildModel(backend, request.spec, { seed: request.initSeed, onWarning: io.warn });
  const reporter = new ProgressReporter(io.stream, request.label, request.options.epochs);
  try {
    const result = await train(model, data, {
      ...request.options,
      ...(io.progress ? { onStep: (progress) => { reporter.step(progress); } } : {}),
      onEpoch: async (record) => {
        if (io.progress) reporter.epoch(epochLine(request.label, record));
        // A checkpoint after every epoch: if training fails later (a lost GPU, divergence), the last good model is on disk.
        if (checkpoint && keep !== undefined && record.epoch > 0) await keep(model, record.epoch);
      },
    });
    if (keep !== undefined) await keep(model, result.history.at(-1)?.epoch ?? 0);
    return { label: request.label, backend: backendName, layers: model.layers.map((layer) => layer.description), result, seconds: (performance.now() - started) / 1000 };
  } finally {
    model.dispose();
  }
}

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

/** Builds and trains one model, reporting progress on `stream`; keeps the model when `keep` asks for it. */
export async function runTraining(
  backend: TrainingBackend,
  backendName: string,
  data: DatasetSplit,
  request: RunRequest,
  io: { readonly stream: OutputStream; readonly progress: boolean; readonly warn: (message: string) => void },
  keep?: (model: SequentialModel<ReturnType<TrainingBackend['zeros']>>) => Promise<void>,
): Promise<RunRecord> {
  const started = performance.now();
  const model = buildModel(backend, request.spec, { seed: request.initSeed, onWarning: io.warn });
  const reporter = new ProgressReporter(io.stream, request.label, request.options.epochs);
  try {
    const result = await train(model, data, {
      ...request.options,
      ...(io.progress ? { onStep: (progress) => { reporter.step(progress); } } : {}),
      onEpoch: (record) => {
        if (io.progress) reporter.epoch(epochLine(request.label, record));
      },
    });
    if (keep !== undefined) await keep(model);
    return { label: request.label, backend: backendName, layers: model.layers.map((layer) => layer.description), result, seconds: (performance.now() - started) / 1000 };
  } finally {
    model.dispose();
  }
}

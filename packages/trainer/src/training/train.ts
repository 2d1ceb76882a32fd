import type { DeviceTensor, TrainingBackend } from '@rectify/activation-core';
import { mix32, RectifyError } from '@rectify/activation-core';
import type { Dataset } from '../data/dataset.js';
import type { ModelDiagnostics } from '../diagnostics/diagnose-model.js';
import { diagnoseModel } from '../diagnostics/diagnose-model.js';
import type { SequentialModel } from '../model/sequential-model.js';
import { SeededRandom } from '../random/seeded-random.js';
import { checkGradientClipping, layerNorms, readWithGradientSquares } from './gradient-norms.js';
import type { DeviceDataset } from './evaluate.js';
import { evaluateModel } from './evaluate.js';
import type { LossKind } from './loss.js';
import { checkLossKind, computeLoss, oneHot } from './loss.js';
import { Optimizer } from './optimizer.js';
import { createSchedule } from './schedule.js';
import type { EpochRecord, TrainingResult, TrainOptions } from './train-options.js';

const positiveInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value > 0;

/** Checks options and data against the model, before anything is uploaded. */
export function checkTrainingInputs<T extends DeviceTensor>(model: SequentialModel<T>, data: { readonly train: Dataset; readonly test?: Dataset | undefined }, options: TrainOptions): void {
  if (!positiveInteger(options.epochs)) throw new RectifyError('INVALID_OPTION', `epochs must be a positive integer, got ${String(options.epochs)}.`, { epochs: options.epochs });
  if (!positiveInteger(options.batchSize)) throw new RectifyError('INVALID_OPTION', `batch size must be a positive integer, got ${String(options.batchSize)}.`, { batchSize: options.batchSize });
  checkLossKind(options.loss ?? 'cross_entropy');
  createSchedule(options.optimizer.learningRate, options.schedule);
  checkGradientClipping(options.clipNorm, options.clipValue);
  if (options.earlyStopping !== undefined && !positiveInteger(options.earlyStopping.patience)) {
    throw new RectifyError('INVALID_OPTION', `early stopping patience must be a positive integer, got ${String(options.earlyStopping.patience)}.`);
  }
  if (options.probeRows !== undefined && !(Number.isInteger(options.probeRows) && options.probeRows >= 0)) {
    throw new RectifyError('INVALID_OPTION', `probeRows must be an integer >= 0, got ${options.probeRows}.`);
  }
  for (const dataset of [data.train, data.test]) {
    if (dataset === undefined) continue;
    if (dataset.features !== model.inputUnits) {
      throw new RectifyError('SHAPE_MISMATCH', `Data set "${dataset.name}" has ${dataset.features} features but the model takes ${model.inputUnits}.`, {
        expected: model.inputUnits,
        actual: dataset.features,
      });
    }
    if (dataset.classes !== model.outputUnits) {
      throw new RectifyError('SHAPE_MISMATCH', `Data set "${dataset.name}" has ${dataset.classes} classes but the model has ${model.outputUnits} outputs.`, {
        expected: model.outputUnits,
        actual: dataset.classes,
      });
    }
  }
}

function upload<T extends DeviceTensor>(backend: TrainingBackend<T>, dataset: Dataset, loss: LossKind): DeviceDataset<T> {
  return {
    rows: dataset.rows,
    inputs: backend.tensor(dataset.inputs, [dataset.rows, dataset.features]),
    labels: backend.tensor(dataset.labels, [dataset.rows]),
    oneHot: loss === 'mse' ? backend.tensor(oneHot(dataset.labels, dataset.classes), [dataset.rows, dataset.classes]) : undefined,
    hostLabels: dataset.labels,
  };
}

function release<T extends DeviceTensor>(backend: TrainingBackend<T>, data: DeviceDataset<T> | undefined): void {
  if (data === undefined) return;
  for (const tensor of [data.inputs, data.labels, data.oneHot]) if (tensor !== undefined) backend.dispose(tensor);
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? Number.NaN : sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/**
 * Trains `model` on `data.train` with seeded shuffling (batches gathered on the device), evaluating on
 * `data.test` and diagnosing every layer at initialisation and after each epoch. A non-finite loss
 * or gradient stops training with a RectifyError naming the step, the layer and the last gradient norms.
 */
export async function train<T extends DeviceTensor>(model: SequentialModel<T>, data: { readonly train: Dataset; readonly test?: Dataset | undefined }, options: TrainOptions): Promise<TrainingResult> {
  checkTrainingInputs(model, data, options);
  const { backend } = model;
  const lossKind = options.loss ?? 'cross_entropy';
  const seed = options.seed ?? 0;
  const schedule = createSchedule(options.optimizer.learningRate, options.schedule);
  const optimizer = new Optimizer(backend, options.optimizer, options);
  const shuffler = new SeededRandom(seed).fork('shuffle');
  const rows = data.train.rows;
  const batches = Math.ceil(rows / options.batchSize);
  const totalSteps = batches * options.epochs;
  const owners = model.parameterLayers();
  const history: EpochRecord[] = [];
  const stepLosses: number[] = [];

  const trainData = upload(backend, data.train, lossKind);
  const testData = data.test === undefined ? undefined : upload(backend, data.test, lossKind);
  const probeCount = Math.min(options.probeRows ?? 512, rows);
  const probeIndices = Int32Array.from({ length: probeCount }, (_, index) => index);
  const probe =
    probeCount === 0
      ? undefined
      : {
          inputs: backend.gatherRows(trainData.inputs, probeIndices),
          labels: backend.gatherRows(trainData.labels, probeIndices),
          oneHot: trainData.oneHot === undefined ? undefined : backend.gatherRows(trainData.oneHot, probeIndices),
        };
  const bins = options.histogramBins;
  const diagnose = async (deadAtInit?: ReadonlyMap<number, Uint8Array>): Promise<ModelDiagnostics | undefined> =>
    probe === undefined
      ? undefined
      : diagnoseModel(model, probe.inputs, { labels: probe.labels, oneHot: probe.oneHot }, lossKind, {
          ...(deadAtInit === undefined ? {} : { deadAtInit }),
          ...(bins === undefined ? {} : { bins }),
        });

  let step = 0;
  let stoppedEarlyAfter: number | undefined;
  let best: { epoch: number; weights: T[] } | undefined;
  let restoredEpoch: number | undefined;
  try {
    const initial = await diagnose();
    const initialEvaluation = testData === undefined ? undefined : await evaluateModel(model, testData, lossKind);
    const initialRecord: EpochRecord = {
      epoch: 0,
      ...(initialEvaluation === undefined ? {} : { testLoss: initialEvaluation.loss, testAccuracy: initialEvaluation.accuracy }),
      ...(initial === undefined ? {} : { diagnostics: initial.layers }),
    };
    history.push(initialRecord);
    await options.onEpoch?.(initialRecord);

    let lastNorms: readonly number[] = [];
    let bestLoss = Infinity;
    let epochsWithoutImprovement = 0;
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const order = shuffler.permutation(rows);
      const started = performance.now();
      let lossSum = 0;
      let correct = 0;
      let learningRate = 0;
      const normSums = new Array<number>(model.layers.length).fill(0);
      for (let batch = 0; batch < batches; batch++) {
        const indices = order.subarray(batch * options.batchSize, Math.min(rows, (batch + 1) * options.batchSize));
        const inputs = backend.gatherRows(trainData.inputs, indices);
        const labels = backend.gatherRows(trainData.labels, indices);
        const targets = trainData.oneHot === undefined ? undefined : backend.gatherRows(trainData.oneHot, indices);
        const modelPass = model.forward(inputs, { training: true, seed: mix32((seed ^ Math.imul(step + 1, 0x85ebca6b)) >>> 0), forBackward: true });
        const { loss, grad } = computeLoss(backend, lossKind, modelPass.output, { labels, oneHot: targets });
        const predicted = backend.argmax(modelPass.output);
        const grads = model.backward(modelPass, grad);
        modelPass.dispose();
        backend.dispose(grad);
        for (const tensor of [inputs, labels, targets]) if (tensor !== undefined) backend.dispose(tensor);
        const read = await readWithGradientSquares(backend, grads, [loss, predicted]);
        const norms = layerNorms(read.squares, owners, model.layers.length);
        const lossValue = read.extra[0]?.[0] ?? Number.NaN;
        const predictions = read.extra[1] ?? new Float32Array();
        const badLayer = norms.findIndex((value) => !Number.isFinite(value));
        if (!Number.isFinite(lossValue) || badLayer >= 0) {
          for (const tensor of grads) backend.dispose(tensor);
          throw divergence(model, { step: step + 1, epoch, batch: batch + 1, lossValue, badLayer, norms, lastNorms });
        }
        learningRate = schedule({ step, epoch: epoch - 1, totalSteps });
        const clipped = clipGradients(backend, grads, norms, options.clipNorm, options.clipValue);
        optimizer.step(model.parameters, clipped, learningRate);
        for (const tensor of new Set([...grads, ...clipped])) backend.dispose(tensor);
        lastNorms = norms;
        norms.forEach((value, layer) => {
          normSums[layer] = (normSums[layer] ?? 0) + value;
        });
        stepLosses.push(lossValue);
        lossSum += lossValue * indices.length;
        predictions.forEach((prediction, offset) => {
          if (prediction === data.train.labels[indices[offset] ?? -1]) correct += 1;
        });
        step += 1;
        options.onStep?.({ epoch, batch: batch + 1, batches, loss: lossValue });
      }
      const seconds = (performance.now() - started) / 1000;
      const evaluation = testData === undefined ? undefined : await evaluateModel(model, testData, lossKind);
      const diagnosis = await diagnose(initial?.deadMasks);
      const record: EpochRecord = {
        epoch,
        trainLoss: lossSum / rows,
        trainAccuracy: correct / rows,
        ...(evaluation === undefined ? {} : { testLoss: evaluation.loss, testAccuracy: evaluation.accuracy }),
        learningRate,
        seconds,
        samplesPerSecond: rows / seconds,
        meanStepGradNorms: normSums.map((sum) => sum / batches),
        ...(diagnosis === undefined ? {} : { diagnostics: diagnosis.layers }),
      };
      history.push(record);
      await options.onEpoch?.(record);
      if (options.earlyStopping !== undefined && evaluation !== undefined) {
        if (evaluation.loss < bestLoss - (options.earlyStopping.minDelta ?? 0)) {
          bestLoss = evaluation.loss;
          epochsWithoutImprovement = 0;
          if (options.earlyStopping.restoreBest === true) {
            for (const tensor of best?.weights ?? []) backend.dispose(tensor);
            // A copy on the device: scaling by 1 is exact.
            best = { epoch, weights: model.parameters.map((parameter) => backend.scale(parameter.tensor, 1)) };
          }
        } else if (++epochsWithoutImprovement >= options.earlyStopping.patience) {
          stoppedEarlyAfter = epoch;
          break;
        }
      }
    }
    if (best !== undefined && best.epoch !== history.at(-1)?.epoch) {
      model.parameters.forEach((parameter, index) => {
        const saved = best?.weights[index];
        if (saved === undefined) return;
        backend.dispose(parameter.tensor);
        parameter.tensor = saved;
      });
      restoredEpoch = best.epoch;
      best = undefined;
    }
  } finally {
    for (const tensor of best?.weights ?? []) backend.dispose(tensor);
    release(backend, trainData);
    release(backend, testData);
    if (probe !== undefined) for (const tensor of [probe.inputs, probe.labels, probe.oneHot]) if (tensor !== undefined) backend.dispose(tensor);
  }
  const last = restoredEpoch === undefined ? history.at(-1) : history.find((record) => record.epoch === restoredEpoch);
  return {
    history,
    stoppedEarlyAfter,
    restoredEpoch,
    steps: step,
    stepLosses,
    medianSamplesPerSecond: median(history.flatMap((record) => (record.samplesPerSecond === undefined ? [] : [record.samplesPerSecond]))),
    final: {
      ...(last?.testLoss === undefined ? {} : { testLoss: last.testLoss }),
      ...(last?.testAccuracy === undefined ? {} : { testAccuracy: last.testAccuracy }),
      ...(last?.trainLoss === undefined ? {} : { trainLoss: last.trainLoss }),
      ...(last?.trainAccuracy === undefined ? {} : { trainAccuracy: last.trainAccuracy }),
    },
  };
}

function clipGradients<T extends DeviceTensor>(backend: TrainingBackend<T>, grads: readonly T[], layerNorms: readonly number[], clipNorm: number | undefined, clipValue: number | undefined): T[] {
  let result = [...grads];
  if (clipNorm !== undefined) {
    const globalNorm = Math.sqrt(layerNorms.reduce((total, value) => total + value * value, 0));
    if (globalNorm > clipNorm) {
      const factor = clipNorm / globalNorm;
      result = result.map((grad) => backend.scale(grad, factor));
    }
  }
  if (clipValue !== undefined) {
    const before = result;
    result = result.map((grad) => backend.clip(grad, -clipValue, clipValue));
    for (const grad of before) if (!grads.includes(grad)) backend.dispose(grad);
  }
  return result;
}

function divergence<T extends DeviceTensor>(
  model: SequentialModel<T>,
  at: { step: number; epoch: number; batch: number; lossValue: number; badLayer: number; norms: readonly number[]; lastNorms: readonly number[] },
): RectifyError {
  const describe = (norms: readonly number[]): string =>
    norms.length === 0 ? 'none yet' : norms.map((value, layer) => `layer ${layer} (${model.layers[layer]?.description ?? '?'}): ${value.toPrecision(4)}`).join('; ');
  const layerText = at.badLayer >= 0 ? ` The gradient of layer ${at.badLayer} (${model.layers[at.badLayer]?.description ?? '?'}) is not finite.` : '';
  return new RectifyError(
    'NON_FINITE_VALUE',
    `Training diverged at step ${at.step} (epoch ${at.epoch}, batch ${at.batch}): the loss is ${at.lossValue}.${layerText} Gradient norms at this step: ${describe(at.norms)}. At the previous step: ${describe(at.lastNorms)}. Try a lower learning rate or gradient clipping.`,
    { step: at.step, epoch: at.epoch, batch: at.batch, loss: at.lossValue, layer: at.badLayer, gradNorms: at.norms, lastGradNorms: at.lastNorms },
  );
}

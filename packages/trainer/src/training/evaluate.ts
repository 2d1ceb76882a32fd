import type { DeviceTensor } from '@rectify/activation-core';
import type { SequentialModel } from '../model/sequential-model.js';
import type { LossKind } from './loss.js';
import { computeLoss } from './loss.js';

export interface Evaluation {
  readonly loss: number;
  readonly accuracy: number;
}

/** A data set resident on the device: inputs, class indices and (for MSE) one-hot targets. */
export interface DeviceDataset<T extends DeviceTensor> {
  readonly rows: number;
  readonly inputs: T;
  readonly labels: T;
  readonly oneHot: T | undefined;
  /** Host copy of the labels, for accuracy. */
  readonly hostLabels: Float32Array;
}

/** Mean loss and accuracy over a whole device data set, in evaluation mode. */
export async function evaluateModel<T extends DeviceTensor>(model: SequentialModel<T>, data: DeviceDataset<T>, loss: LossKind, chunkRows = 1000): Promise<Evaluation> {
  const { backend } = model;
  const pending: Promise<[Float32Array, Float32Array, number]>[] = [];
  for (let start = 0; start < data.rows; start += chunkRows) {
    const indices = Int32Array.from({ length: Math.min(chunkRows, data.rows - start) }, (_, offset) => start + offset);
    const inputs = backend.gatherRows(data.inputs, indices);
    const labels = backend.gatherRows(data.labels, indices);
    const oneHot = data.oneHot === undefined ? undefined : backend.gatherRows(data.oneHot, indices);
    const modelPass = model.forward(inputs, { training: false, seed: 0, forBackward: false });
    const result = computeLoss(backend, loss, modelPass.output, { labels, oneHot });
    const predicted = backend.argmax(modelPass.output);
    modelPass.dispose();
    backend.dispose(result.grad);
    for (const tensor of [inputs, labels, oneHot]) if (tensor !== undefined) backend.dispose(tensor);
    const lossTensor = result.loss;
    pending.push(
      Promise.all([backend.read(lossTensor), backend.read(predicted)]).then(([lossValue, predictions]) => {
        backend.dispose(lossTensor);
        backend.dispose(predicted);
        return [lossValue, predictions, start];
      }),
    );
  }
  let lossSum = 0;
  let correct = 0;
  for (const [lossValue, predictions, start] of await Promise.all(pending)) {
    lossSum += (lossValue[0] ?? Number.NaN) * predictions.length;
    predictions.forEach((prediction, offset) => {
      if (prediction === data.hostLabels[start + offset]) correct += 1;
    });
  }
  return { loss: lossSum / data.rows, accuracy: correct / data.rows };
}

import type { DeviceTensor } from '@rectify/activation-core';
import type { SequentialModel } from '../model/sequential-model.js';
import type { LossKind, LossTargets } from '../training/loss.js';
import { computeLoss } from '../training/loss.js';
import type { Histogram } from './histogram.js';
import { histogram } from './histogram.js';
import { deadSplit, unitStatistics } from './unit-statistics.js';

export interface LayerDiagnostics {
  readonly layer: number;
  readonly description: string;
  readonly activationId: string | undefined;
  readonly units: number;
  /** Activation layers: share of units never positive over the probe set. */
  readonly deadFraction?: number;
  /** Dead now and already dead at initialisation. */
  readonly deadAtInitFraction?: number;
  /** Dead now but alive at initialisation: died during training. */
  readonly diedFraction?: number;
  /** Dead at initialisation, alive now. */
  readonly revivedFraction?: number;
  /** Share of exact zeros among the layer's outputs. */
  readonly sparsity?: number;
  readonly activationHistogram?: Histogram;
  /** Standard deviation of the layer's outputs over the probe set (shrinking or growing with depth). */
  readonly outputStd?: number;
  /** L2 norm of the layer's parameters (weights only for dense layers). */
  readonly weightNorm?: number;
  /** L2 norm of the weight gradient of the probe-set loss. */
  readonly gradNorm?: number;
  readonly gradHistogram?: Histogram;
}

export interface ModelDiagnostics {
  readonly layers: readonly LayerDiagnostics[];
  /** Per-layer dead masks, kept to split later deaths from those at initialisation. */
  readonly deadMasks: ReadonlyMap<number, Uint8Array>;
}

const standardDeviation = (values: Float32Array): number => {
  let sum = 0;
  for (const value of values) sum += value;
  const mean = sum / Math.max(1, values.length);
  let squares = 0;
  for (const value of values) squares += (value - mean) ** 2;
  return Math.sqrt(squares / Math.max(1, values.length));
};

const norm = (values: Float32Array): number => {
  let squares = 0;
  for (const value of values) squares += value * value;
  return Math.sqrt(squares);
};

/**
 * Looks at every layer on a probe batch: a forward pass in evaluation mode (dead units, sparsity,
 * activation histograms) and a backward pass of the loss without any update (gradient norms and
 * histograms). `deadAtInit` is the masks of the diagnosis at initialisation.
 */
export async function diagnoseModel<T extends DeviceTensor>(
  model: SequentialModel<T>,
  probe: T,
  targets: LossTargets<T>,
  loss: LossKind,
  options: { readonly deadAtInit?: ReadonlyMap<number, Uint8Array>; readonly bins?: number } = {},
): Promise<ModelDiagnostics> {
  const { backend } = model;
  const rows = probe.shape[0] ?? 0;
  const modelPass = model.forward(probe, { training: false, seed: 0, forBackward: true });
  const outputs = await Promise.all(modelPass.steps.map((step) => (step.layer.activationId === undefined ? Promise.resolve(undefined) : backend.read(step.pass.output))));
  const { loss: lossValue, grad } = computeLoss(backend, loss, modelPass.output, targets);
  const grads = model.backward(modelPass, grad);
  backend.dispose(grad);
  backend.dispose(lossValue);
  modelPass.dispose();
  const gradValues = await Promise.all(grads.map((tensor) => backend.read(tensor)));
  for (const tensor of grads) backend.dispose(tensor);
  const weightValues = await Promise.all(model.parameters.map((parameter) => (parameter.role === 'bias' ? Promise.resolve(undefined) : backend.read(parameter.tensor))));

  const owners = model.parameterLayers();
  const deadMasks = new Map<number, Uint8Array>();
  const layers = model.layers.map((layer, index): LayerDiagnostics => {
    let entry: LayerDiagnostics = { layer: index, description: layer.description, activationId: layer.activationId, units: layer.outputUnits };
    const values = outputs[index];
    if (values !== undefined) {
      const statistics = unitStatistics(values, rows, layer.outputUnits);
      deadMasks.set(index, statistics.dead);
      const split = deadSplit(statistics.dead, options.deadAtInit?.get(index));
      entry = {
        ...entry,
        deadFraction: split.dead,
        deadAtInitFraction: split.deadAtInit,
        diedFraction: split.died,
        revivedFraction: split.revived,
        sparsity: statistics.sparsity,
        activationHistogram: histogram(values, options.bins),
        outputStd: standardDeviation(values),
      };
    }
    const weightIndex = model.parameters.findIndex((parameter, position) => owners[position] === index && parameter.role === 'weights');
    const weights = weightIndex < 0 ? undefined : weightValues[weightIndex];
    const weightGrad = weightIndex < 0 ? undefined : gradValues[weightIndex];
    if (weights !== undefined) entry = { ...entry, weightNorm: norm(weights) };
    if (weightGrad !== undefined) entry = { ...entry, gradNorm: norm(weightGrad), gradHistogram: histogram(weightGrad, options.bins) };
    return entry;
  });
  return { layers, deadMasks };
}

import type { DeviceTensor, TrainingBackend } from '@rectify/activation-core';
import { mix32 } from '@rectify/activation-core';
import type { Dataset, DatasetSplit, DeviceDataset, LayerDiagnostics, ModelSpec, SequentialModel } from '@rectify/trainer';
import { buildModel, diagnoseModel, evaluateModel, mlpSpec, splitDataset, syntheticDataset, train } from '@rectify/trainer';
import type { PlaygroundState } from './playground-state.js';
import { datasetRows, trainRows } from './playground-state.js';

/**
 * The model of a state: `mlpSpec` (dense layers, each followed by its activation and dropout, then a
 * dense output of two logits), with each hidden layer's own activation from the state.
 */
export function playgroundModelSpec(state: PlaygroundState): ModelSpec {
  const spec = mlpSpec({
    inputs: 2,
    hidden: state.hidden,
    outputs: 2,
    activation: { id: state.activations[0]?.id ?? 'relu' },
    dropout: state.dropout,
    init: { name: state.init },
  });
  let hiddenLayer = 0;
  return {
    ...spec,
    layers: spec.layers.map((layer) => {
      if (layer.type !== 'activation') return layer;
      const activation = state.activations[hiddenLayer++];
      return activation === undefined ? layer : { ...layer, id: activation.id, params: activation.params };
    }),
  };
}

/** The data of a state: `syntheticDataset` split by the seed into training and held-out halves. */
export function playgroundData(state: PlaygroundState): DatasetSplit {
  const dataset = syntheticDataset(state.dataset, { rows: datasetRows, noise: state.noise, seed: state.seed });
  return splitDataset(dataset, { trainSize: trainRows, testSize: datasetRows - trainRows, seed: state.seed });
}

/** How each unit stands against the one dead-unit rule (output never positive on the training set). */
export type UnitState = 'alive' | 'died' | 'dead-at-init' | 'revived';

export interface HiddenLayerView {
  /** Index of the hidden layer, 0 next to the input. */
  readonly hidden: number;
  readonly activationId: string;
  readonly units: number;
  /** One per unit. */
  readonly unitStates: readonly UnitState[];
  /** The trainer's diagnostics of this layer on the training set (dead share and its split, sparsity). */
  readonly diagnostics: LayerDiagnostics;
  /** Each unit's output over the plane, `gridSize²` values per unit, row 0 at the top. */
  readonly unitMaps: readonly Float32Array[];
}

export interface PlaygroundSnapshot {
  readonly epoch: number;
  readonly steps: number;
  /** Mean loss and accuracy over the whole training and held-out sets after the epoch (evaluation mode). */
  readonly trainLoss: number;
  readonly testLoss: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  /** Mean over the epoch's steps of each dense layer's gradient norm, input side first; empty at epoch 0. */
  readonly gradNorms: readonly number[];
  readonly layers: readonly HiddenLayerView[];
  /** P(class 1) over the plane, `gridSize²` values, row 0 at the top. */
  readonly boundary: Float32Array;
}

/** Points per side of the grid over which the boundary and the unit maps are computed. */
export const gridSize = 40;

function upload<T extends DeviceTensor>(backend: TrainingBackend<T>, dataset: Dataset): DeviceDataset<T> {
  return {
    rows: dataset.rows,
    inputs: backend.tensor(dataset.inputs, [dataset.rows, dataset.features]),
    labels: backend.tensor(dataset.labels, [dataset.rows]),
    oneHot: undefined,
    hostLabels: dataset.labels,
  };
}

/** The grid's points, row-major from the top-left corner, covering [-extent, extent]². */
export function gridPoints(extent: number, size = gridSize): Float32Array {
  const points = new Float32Array(size * size * 2);
  const coordinate = (index: number): number => -extent + ((index + 0.5) / size) * 2 * extent;
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      const offset = (row * size + column) * 2;
      points[offset] = coordinate(column);
      points[offset + 1] = -coordinate(row);
    }
  }
  return points;
}

/** Half the side of the square that shows every point with a margin. */
export function planeExtent(data: DatasetSplit): number {
  let largest = 1;
  for (const dataset of [data.train, data.test]) for (const value of dataset.inputs) largest = Math.max(largest, Math.abs(value));
  return Math.ceil(largest * 1.1 * 10) / 10;
}

const softmaxSecond = (logits: Float32Array, rows: number): Float32Array =>
  Float32Array.from({ length: rows }, (_, row) => {
    const a = logits[row * 2] ?? 0;
    const b = logits[row * 2 + 1] ?? 0;
    return 1 / (1 + Math.exp(a - b));
  });

/**
 * One playground run on a backend: the state's data and model, trained an epoch at a time with the
 * trainer's `train` (plain SGD, the state's L1 / L2, dropout and clipping), evaluated and diagnosed
 * after each epoch. Each call awaits the backend, so the caller can yield to the page between epochs.
 */
export class TrainingRun<T extends DeviceTensor> {
  readonly data: DatasetSplit;
  readonly extent: number;
  readonly model: SequentialModel<T>;
  private readonly trainData: DeviceDataset<T>;
  private readonly testData: DeviceDataset<T>;
  private readonly grid: T;
  private deadAtInit: ReadonlyMap<number, Uint8Array> | undefined;
  private epochs = 0;
  private steps = 0;
  private disposed = false;

  constructor(
    readonly backend: TrainingBackend<T>,
    readonly state: PlaygroundState,
  ) {
    this.data = playgroundData(state);
    this.extent = planeExtent(this.data);
    this.model = buildModel(backend, playgroundModelSpec(state), { seed: state.seed });
    this.trainData = upload(backend, this.data.train);
    this.testData = upload(backend, this.data.test);
    this.grid = backend.tensor(gridPoints(this.extent), [gridSize * gridSize, 2]);
  }

  get epoch(): number {
    return this.epochs;
  }

  /** Warnings of the model build (a zeros initialisation, say). */
  get warnings(): readonly string[] {
    return this.model.warnings;
  }

  /** The state at initialisation (epoch 0); call once before `trainEpoch`. */
  async initialSnapshot(): Promise<PlaygroundSnapshot> {
    return this.snapshot([]);
  }

  /** One pass over the training set, then a snapshot. A diverging run rejects with the trainer's RectifyError. */
  async trainEpoch(): Promise<PlaygroundSnapshot> {
    this.assertLive();
    const { state } = this;
    const result = await train(this.model, { train: this.data.train }, {
      epochs: 1,
      batchSize: state.batchSize,
      // A new shuffle and new dropout draws every epoch, the same ones for the same seed.
      seed: mix32((state.seed ^ Math.imul(this.epochs + 1, 0x9e3779b9)) >>> 0),
      optimizer: { kind: 'sgd', learningRate: state.learningRate },
      ...(state.l1 > 0 ? { l1: state.l1 } : {}),
      ...(state.l2 > 0 ? { l2: state.l2 } : {}),
      ...(state.clipNorm > 0 ? { clipNorm: state.clipNorm } : {}),
      // Diagnostics run here on the whole training set against the masks at initialisation.
      probeRows: 0,
    });
    this.epochs += 1;
    this.steps += result.steps;
    const record = result.history.at(-1);
    const norms = record?.meanStepGradNorms ?? [];
    const owners = new Set(this.model.parameterLayers());
    return this.snapshot(norms.filter((_, layer) => owners.has(layer)));
  }

  private async snapshot(gradNorms: readonly number[]): Promise<PlaygroundSnapshot> {
    this.assertLive();
    const { model, backend } = this;
    const [trainEvaluation, testEvaluation] = await Promise.all([evaluateModel(model, this.trainData, 'cross_entropy'), evaluateModel(model, this.testData, 'cross_entropy')]);
    const diagnosis = await diagnoseModel(model, this.trainData.inputs, { labels: this.trainData.labels, oneHot: undefined }, 'cross_entropy', {
      ...(this.deadAtInit === undefined ? {} : { deadAtInit: this.deadAtInit }),
    });
    this.deadAtInit ??= diagnosis.deadMasks;

    // One pass over the grid: the boundary from the logits, each unit's map from its layer's output.
    const pass = model.forward(this.grid, { training: false, seed: 0, forBackward: false });
    const points = gridSize * gridSize;
    let outputs: (Float32Array | undefined)[];
    let logits: Float32Array;
    try {
      [outputs, logits] = await Promise.all([
        Promise.all(pass.steps.map((step) => (step.layer.activationId === undefined ? Promise.resolve(undefined) : backend.read(step.pass.output)))),
        backend.read(pass.output),
      ]);
    } finally {
      pass.dispose();
    }

    const layers: HiddenLayerView[] = [];
    model.layers.forEach((layer, index) => {
      const values = outputs[index];
      const diagnostics = diagnosis.layers[index];
      if (values === undefined || diagnostics === undefined || layer.activationId === undefined) return;
      const now = diagnosis.deadMasks.get(index);
      const atInit = this.deadAtInit?.get(index);
      const units = layer.outputUnits;
      layers.push({
        hidden: layers.length,
        activationId: layer.activationId,
        units,
        unitStates: Array.from({ length: units }, (_, unit): UnitState => {
          const deadNow = now?.[unit] === 1;
          const deadBefore = atInit?.[unit] === 1;
          return deadNow ? (deadBefore ? 'dead-at-init' : 'died') : deadBefore ? 'revived' : 'alive';
        }),
        diagnostics,
        unitMaps: Array.from({ length: units }, (_, unit) => Float32Array.from({ length: points }, (_, point) => values[point * units + unit] ?? 0)),
      });
    });
    return {
      epoch: this.epochs,
      steps: this.steps,
      trainLoss: trainEvaluation.loss,
      testLoss: testEvaluation.loss,
      trainAccuracy: trainEvaluation.accuracy,
      testAccuracy: testEvaluation.accuracy,
      gradNorms,
      layers,
      boundary: softmaxSecond(logits, points),
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const tensor of [this.trainData.inputs, this.trainData.labels, this.testData.inputs, this.testData.labels, this.grid]) this.backend.dispose(tensor);
    this.model.dispose();
  }

  private assertLive(): void {
    if (this.disposed) throw new Error('This training run was disposed.');
  }
}

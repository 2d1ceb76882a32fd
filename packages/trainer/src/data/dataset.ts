import { RectifyError } from '@rectify/activation-core';

/** A classification data set: `rows` examples of `features` float32 values, one class index each. */
export interface Dataset {
  readonly name: string;
  readonly rows: number;
  readonly features: number;
  readonly classes: number;
  /** Row-major `[rows, features]`. */
  readonly inputs: Float32Array;
  /** Class index per row, stored as float32 as the training ops take it. */
  readonly labels: Float32Array;
}

export interface DatasetSplit {
  readonly train: Dataset;
  readonly test: Dataset;
}

/** Checks a data set's shape, every input for NaN/Inf and every label for range, naming the first bad row. */
export function validateDataset(dataset: Dataset): Dataset {
  const { name, rows, features, classes, inputs, labels } = dataset;
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(features) || features < 1) {
    throw new RectifyError('SHAPE_MISMATCH', `Data set "${name}" must have at least one row and one feature, got ${rows} x ${features}.`, { rows, features });
  }
  if (!Number.isInteger(classes) || classes < 2) {
    throw new RectifyError('INVALID_OPTION', `Data set "${name}" needs at least 2 classes, got ${classes}.`, { classes });
  }
  if (inputs.length !== rows * features) {
    throw new RectifyError('SHAPE_MISMATCH', `Data set "${name}" has ${inputs.length} input values; ${rows} rows x ${features} features need ${rows * features}.`, {
      expected: rows * features,
      actual: inputs.length,
    });
  }
  if (labels.length !== rows) {
    throw new RectifyError('SHAPE_MISMATCH', `Data set "${name}" has ${labels.length} labels for ${rows} rows.`, { expected: rows, actual: labels.length });
  }
  for (let index = 0; index < inputs.length; index++) {
    const value = inputs[index] ?? Number.NaN;
    if (!Number.isFinite(value)) {
      const row = Math.floor(index / features);
      const column = index % features;
      throw new RectifyError('NON_FINITE_VALUE', `Data set "${name}": row ${row}, feature ${column} is ${value}.`, { row, column, value });
    }
  }
  for (let row = 0; row < rows; row++) {
    const label = labels[row] ?? Number.NaN;
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new RectifyError('PARAM_OUT_OF_RANGE', `Data set "${name}": row ${row} has label ${label}, outside the classes 0..${classes - 1}.`, { row, label, classes });
    }
  }
  return dataset;
}

/** The rows of `dataset` at `indices`, in that order. */
export function selectRows(dataset: Dataset, indices: ArrayLike<number>, name = dataset.name): Dataset {
  const { features } = dataset;
  const inputs = new Float32Array(indices.length * features);
  const labels = new Float32Array(indices.length);
  for (let position = 0; position < indices.length; position++) {
    const row = indices[position] ?? 0;
    inputs.set(dataset.inputs.subarray(row * features, (row + 1) * features), position * features);
    labels[position] = dataset.labels[row] ?? 0;
  }
  return { name, rows: indices.length, features, classes: dataset.classes, inputs, labels };
}

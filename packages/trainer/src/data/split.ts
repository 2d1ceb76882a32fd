import { RectifyError } from '@rectify/activation-core';
import { SeededRandom } from '../random/seeded-random.js';
import type { Dataset, DatasetSplit } from './dataset.js';
import { selectRows } from './dataset.js';

export interface SplitOptions {
  readonly trainSize: number;
  readonly testSize: number;
  readonly seed: number;
}

/** A deterministic shuffled train/test split: the same seed always gives the same rows. */
export function splitDataset(dataset: Dataset, options: SplitOptions): DatasetSplit {
  const { trainSize, testSize, seed } = options;
  for (const [name, value] of [['trainSize', trainSize], ['testSize', testSize]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new RectifyError('INVALID_OPTION', `${name} must be a positive integer, got ${value}.`, { [name]: value });
  }
  if (trainSize + testSize > dataset.rows) {
    throw new RectifyError('INVALID_OPTION', `A split of ${trainSize} + ${testSize} rows needs more than the ${dataset.rows} rows of "${dataset.name}".`, {
      trainSize,
      testSize,
      rows: dataset.rows,
    });
  }
  const order = new SeededRandom(seed).fork('split').permutation(dataset.rows);
  return {
    train: selectRows(dataset, order.subarray(0, trainSize), `${dataset.name} (train)`),
    test: selectRows(dataset, order.subarray(trainSize, trainSize + testSize), `${dataset.name} (test)`),
  };
}

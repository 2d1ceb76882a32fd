import type { DatasetSplit } from '../data/dataset.js';
import { parseCsv } from '../data/csv.js';
import { loadMnist } from '../data/mnist.js';
import { splitDataset } from '../data/split.js';
import { syntheticDataset } from '../data/synthetic.js';
import { nodeFs, nodePath } from '../node-builtins.js';

export interface DataOptions {
  /** 'mnist', a synthetic kind, or `csv:<path>`. */
  readonly source: string;
  readonly trainSize: number | undefined;
  readonly testSize: number | undefined;
  readonly rows: number | undefined;
  readonly noise: number | undefined;
  readonly classes: number | undefined;
  readonly labelColumn: string | undefined;
  readonly seed: number;
}

/** Loads the data a command names and splits it by the seed (MNIST: 8,000 / 2,000; others: 80% / 20%). */
export async function loadData(options: DataOptions, cwd: string): Promise<DatasetSplit> {
  if (options.source === 'mnist') {
    return loadMnist({ seed: options.seed, ...(options.trainSize === undefined ? {} : { trainSize: options.trainSize }), ...(options.testSize === undefined ? {} : { testSize: options.testSize }) });
  }
  const dataset = options.source.startsWith('csv:')
    ? parseCsv(await nodeFs().readFile(nodePath().resolve(cwd, options.source.slice(4)), 'utf8'), {
        name: options.source.slice(4),
        ...(options.labelColumn === undefined ? {} : { labelColumn: /^\d+$/.test(options.labelColumn) ? Number(options.labelColumn) : options.labelColumn }),
      })
    : syntheticDataset(options.source, {
        seed: options.seed,
        ...(options.rows === undefined ? {} : { rows: options.rows }),
        ...(options.noise === undefined ? {} : { noise: options.noise }),
        ...(options.classes === undefined ? {} : { classes: options.classes }),
      });
  const testSize = options.testSize ?? Math.max(1, Math.round(dataset.rows * 0.2));
  const trainSize = options.trainSize ?? dataset.rows - testSize;
  return splitDataset(dataset, { trainSize, testSize, seed: options.seed });
}

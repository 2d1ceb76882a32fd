import { RectifyError } from '@rectify/activation-core';
import { SeededRandom } from '../random/seeded-random.js';
import type { Dataset } from './dataset.js';
import { validateDataset } from './dataset.js';

export type SyntheticKind = 'spiral' | 'circles' | 'xor' | 'gaussian';
export const syntheticKinds: readonly SyntheticKind[] = ['spiral', 'circles', 'xor', 'gaussian'];

export interface SyntheticOptions {
  readonly rows?: number;
  /** Standard deviation of the noise added to each coordinate, in units of the set's radius (1). */
  readonly noise?: number;
  readonly seed?: number;
  /** Arms of the spiral or gaussian clusters; 2 by default (circles and xor always have 2). */
  readonly classes?: number;
}

type PointMaker = (random: SeededRandom, row: number, rows: number, classes: number) => { x: number; y: number; label: number };

/** Interleaved spiral arms, one per class, as in TensorFlow Playground. */
const spiralPoint: PointMaker = (random, row, rows, classes) => {
  const label = row % classes;
  const along = Math.floor(row / classes) / Math.ceil(rows / classes);
  const radius = along;
  const angle = 1.75 * along * 2 * Math.PI + (label * 2 * Math.PI) / classes;
  return { x: radius * Math.sin(angle), y: radius * Math.cos(angle), label };
};

/** A disc (class 0) inside a ring (class 1). */
const circlesPoint: PointMaker = (random, row) => {
  const label = row % 2;
  const radius = label === 0 ? random.between(0, 0.5) : random.between(0.7, 1);
  const angle = random.between(0, 2 * Math.PI);
  return { x: radius * Math.sin(angle), y: radius * Math.cos(angle), label };
};

/** Quadrants: class 1 where x and y have different signs. Points keep a small margin off the axes. */
const xorPoint: PointMaker = (random) => {
  const margin = 0.05;
  const pick = (): number => {
    const value = random.between(margin, 1);
    return random.uniform() < 0.5 ? -value : value;
  };
  const x = pick();
  const y = pick();
  return { x, y, label: x * y >= 0 ? 0 : 1 };
};

/** Gaussian clusters centred evenly on a circle of radius 0.6. */
const gaussianPoint: PointMaker = (random, row, _rows, classes) => {
  const label = row % classes;
  const angle = (label * 2 * Math.PI) / classes;
  return { x: 0.6 * Math.cos(angle) + 0.15 * random.normal(), y: 0.6 * Math.sin(angle) + 0.15 * random.normal(), label };
};

const makers: Readonly<Record<SyntheticKind, PointMaker>> = { spiral: spiralPoint, circles: circlesPoint, xor: xorPoint, gaussian: gaussianPoint };

const isSyntheticKind = (value: string): value is SyntheticKind => (syntheticKinds as readonly string[]).includes(value);

/** A seeded two-dimensional classification set: same options, same points. */
export function syntheticDataset(kind: string, options: SyntheticOptions = {}): Dataset {
  if (!isSyntheticKind(kind)) {
    throw new RectifyError('INVALID_OPTION', `Unknown synthetic data set "${kind}"; choose one of ${syntheticKinds.join(', ')}.`, { kind });
  }
  const rows = options.rows ?? 1000;
  const noise = options.noise ?? 0.05;
  const classes = kind === 'circles' || kind === 'xor' ? 2 : (options.classes ?? 2);
  if (!Number.isInteger(rows) || rows < classes) throw new RectifyError('INVALID_OPTION', `rows must be an integer of at least ${classes}, got ${rows}.`, { rows });
  if (!Number.isFinite(noise) || noise < 0) throw new RectifyError('INVALID_OPTION', `noise must be a finite number >= 0, got ${noise}.`, { noise });
  if (!Number.isInteger(classes) || classes < 2) throw new RectifyError('INVALID_OPTION', `classes must be an integer >= 2, got ${classes}.`, { classes });
  const random = new SeededRandom(options.seed ?? 0).fork(kind);
  const inputs = new Float32Array(rows * 2);
  const labels = new Float32Array(rows);
  const maker = makers[kind];
  for (let row = 0; row < rows; row++) {
    const point = maker(random, row, rows, classes);
    inputs[row * 2] = point.x + noise * random.normal();
    inputs[row * 2 + 1] = point.y + noise * random.normal();
    labels[row] = point.label;
  }
  return validateDataset({ name: kind, rows, features: 2, classes, inputs, labels });
}

import { RectifyError } from '@rectify/activation-core';
import type { SeededRandom } from '../random/seeded-random.js';
import { orthogonalMatrix } from './orthogonal.js';

export const initializerNames = ['he_normal', 'he_uniform', 'xavier_normal', 'xavier_uniform', 'lecun_normal', 'orthogonal', 'zeros'] as const;
export type InitializerName = (typeof initializerNames)[number];

const aliases: Readonly<Record<string, InitializerName>> = {
  kaiming_normal: 'he_normal',
  kaiming_uniform: 'he_uniform',
  glorot_normal: 'xavier_normal',
  glorot_uniform: 'xavier_uniform',
};

export type FanMode = 'fan_in' | 'fan_out';

export interface InitializerSpec {
  readonly name: InitializerName;
  /** He/Kaiming only: preserve the forward (fan_in, default) or backward (fan_out) signal. */
  readonly mode?: FanMode;
  /** Overrides the activation's gain (He, Xavier, orthogonal). */
  readonly gain?: number;
}

export function parseInitializerName(name: string): InitializerName {
  const resolved = aliases[name] ?? name;
  const known = initializerNames.find((candidate) => candidate === resolved);
  if (known === undefined) {
    throw new RectifyError('INVALID_OPTION', `Unknown initialiser "${name}"; choose one of ${[...initializerNames, ...Object.keys(aliases)].join(', ')}.`, { name });
  }
  return known;
}

export interface WeightShape {
  /** Input units: rows of the `[fanIn, fanOut]` weight matrix. */
  readonly fanIn: number;
  readonly fanOut: number;
}

export interface InitializedWeights {
  readonly values: Float32Array;
  readonly warning: string | undefined;
}

/**
 * Draws a `[fanIn, fanOut]` weight matrix.
 * - he_*: std gain / sqrt(fan) (normal) or bound gain * sqrt(3 / fan) (uniform), `gain` from the
 *   activation that follows the layer (see activationGain).
 * - xavier_*: std gain * sqrt(2 / (fanIn + fanOut)) or bound gain * sqrt(6 / (fanIn + fanOut)); gain 1
 *   unless given, as Glorot and Bengio.
 * - lecun_normal: std 1 / sqrt(fanIn), the initialisation SELU's self-normalisation assumes.
 * - orthogonal: a random orthogonal matrix times the gain (Saxe et al.).
 * - zeros: allowed, but every unit then computes and learns the same thing: a warning says so.
 */
export function initializeWeights(spec: InitializerSpec, shape: WeightShape, activationGain: number, random: SeededRandom): InitializedWeights {
  const { fanIn, fanOut } = shape;
  const count = fanIn * fanOut;
  const gain = spec.gain ?? activationGain;
  if (!Number.isFinite(gain) || gain < 0) throw new RectifyError('INVALID_OPTION', `Initialiser gain must be a finite number >= 0, got ${gain}.`, { gain });
  const fan = (spec.mode ?? 'fan_in') === 'fan_in' ? fanIn : fanOut;
  const normal = (std: number): Float32Array => Float32Array.from({ length: count }, () => std * random.normal());
  const uniform = (bound: number): Float32Array => Float32Array.from({ length: count }, () => random.between(-bound, bound));
  switch (spec.name) {
    case 'he_normal':
      return { values: normal(gain / Math.sqrt(fan)), warning: undefined };
    case 'he_uniform':
      return { values: uniform(gain * Math.sqrt(3 / fan)), warning: undefined };
    case 'xavier_normal':
      return { values: normal((spec.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut))), warning: undefined };
    case 'xavier_uniform':
      return { values: uniform((spec.gain ?? 1) * Math.sqrt(6 / (fanIn + fanOut))), warning: undefined };
    case 'lecun_normal':
      return { values: normal((spec.gain ?? 1) / Math.sqrt(fanIn)), warning: undefined };
    case 'orthogonal':
      return { values: orthogonalMatrix(fanIn, fanOut, gain, random), warning: undefined };
    case 'zeros':
      return {
        values: new Float32Array(count),
        warning: `zeros initialisation of a ${fanIn}x${fanOut} layer: every unit gets identical weights, so all units compute and learn the same thing.`,
      };
  }
}

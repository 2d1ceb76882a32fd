import type { ActivationDefinition } from '@rectify/activation-core';
import { referenceForward } from '@rectify/activation-core';
import { seededNormals } from './seeded-normal.js';

/** The share of outputs exactly 0 for inputs z ~ N(shift, 1), one value per shift. */
export function zeroFraction(definition: ActivationDefinition, params: Readonly<Record<string, number>>, shifts: readonly number[], samples = 4000, seed = 7): number[] {
  const noise = seededNormals(samples, seed);
  return shifts.map((shift) => {
    const outputs = referenceForward(definition, noise.map((value) => value + shift), params);
    return outputs.reduce((count, value) => count + (value === 0 ? 1 : 0), 0) / samples;
  });
}

import type { ActivationDefinition } from '@rectify/activation-core';
import { referenceForward } from '@rectify/activation-core';
import { seededNormals } from './seeded-normal.js';

/**
 * y(x) = sum over units of c_i f(a_i x + b_i): one hidden layer with fixed random weights. With
 * the identity for f it is a straight line however many units there are.
 */
export function hiddenLayerOutput(definition: ActivationDefinition, params: Readonly<Record<string, number>>, xs: readonly number[], units: number, seed = 11): number[] {
  const draws = seededNormals(3 * units, seed);
  const output = new Array<number>(xs.length).fill(0);
  for (let unit = 0; unit < units; unit++) {
    const slope = draws[3 * unit] ?? 0;
    const offset = 2 * (draws[3 * unit + 1] ?? 0);
    const weight = (draws[3 * unit + 2] ?? 0) / Math.sqrt(units);
    const activated = referenceForward(definition, xs.map((x) => slope * x + offset), params);
    activated.forEach((value, index) => {
      output[index] = (output[index] ?? 0) + weight * value;
    });
  }
  return output;
}

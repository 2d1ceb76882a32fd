import type { ActivationDefinition, ParamValue } from '@rectify/activation-core';
import { referenceForward } from '@rectify/activation-core';

/** Gain for a leaky slope `a` (relu: a = 0): sqrt(2 / (1 + a^2)), He et al. (2015). */
export const leakyGain = (slope: number): number => Math.sqrt(2 / (1 + slope * slope));

const quadraturePoints = 8001;
const quadratureHalfWidth = 12;

/**
 * E[f(z)^2] for z ~ N(0, 1), by composite Simpson quadrature over [-12, 12] (the tails beyond carry
 * less than 1e-30 of the mass) with core's float64 reference forward.
 */
export function secondMomentUnderNormal(definition: ActivationDefinition, params?: Readonly<Record<string, ParamValue>>): number {
  const step = (2 * quadratureHalfWidth) / (quadraturePoints - 1);
  const points = Float64Array.from({ length: quadraturePoints }, (_, index) => -quadratureHalfWidth + index * step);
  const values = referenceForward(definition, points, params);
  let total = 0;
  for (let index = 0; index < quadraturePoints; index++) {
    const z = points[index] ?? 0;
    const value = values[index] ?? Number.NaN;
    const weight = index === 0 || index === quadraturePoints - 1 ? 1 : index % 2 === 1 ? 4 : 2;
    total += weight * value * value * Math.exp(-0.5 * z * z);
  }
  return (total * step) / 3 / Math.sqrt(2 * Math.PI);
}

/**
 * The initialisation gain of an activation: the factor that keeps the second moment of
 * pre-activations constant from layer to layer when weights have variance gain^2 / fan.
 *
 * Convention: gain = 1 / sqrt(E[f(z)^2]) for z ~ N(0, 1), the quantity He et al. derive for ReLU.
 * It gives sqrt(2) for relu, sqrt(2 / (1 + a^2)) for a leaky slope a (used in closed form for
 * relu, leaky_relu and prelu), 1 for identity and for selu (its fixed point), about 1.59 for tanh
 * and 1.85 for sigmoid. PyTorch's `calculate_gain` table uses other, hand-picked values for tanh
 * (5/3) and sigmoid (1); this rule instead applies one derivation to every definition, so plugin
 * activations get a gain without a table entry.
 */
export function activationGain(definition: ActivationDefinition, params: Readonly<Record<string, ParamValue>> = {}): number {
  const slopeParam = definition.id === 'leaky_relu' || definition.id === 'prelu' ? 'alpha' : undefined;
  if (definition.id === 'relu') return leakyGain(0);
  if (slopeParam !== undefined) {
    const given = params[slopeParam];
    const slope = typeof given === 'number' ? given : definition.params[slopeParam]?.default;
    if (typeof slope === 'number') return leakyGain(slope);
  }
  const moment = secondMomentUnderNormal(definition, params);
  return moment > 0 && Number.isFinite(moment) ? 1 / Math.sqrt(moment) : 1;
}

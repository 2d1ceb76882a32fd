import { describe, expect, it } from 'vitest';
import { builtinActivations } from '../builtins/index.js';
import { defineActivation } from '../definition/define-activation.js';
import { resolveParams } from '../definition/resolve-params.js';
import { mul, neg, sigmoid } from '../ir/builders.js';
import { printExpr } from '../ir/print.js';
import { createRegistry } from '../registry/registry.js';
import { prepareKernel } from './prepare-kernel.js';
import { negatedSigmoidPairs } from './sigmoid-pairs.js';

const registry = createRegistry({ activations: builtinActivations });

function pairsOf(id: string, kind: 'forward' | 'backward'): string[] {
  const definition = registry.get(id);
  const prepared = prepareKernel(definition, kind, resolveParams(definition, {}), false);
  return [...negatedSigmoidPairs(prepared.roots)].map(([a, b]) => `${printExpr(a)} ~ ${printExpr(b)}`);
}

describe('negatedSigmoidPairs', () => {
  it("pairs sigmoid(x) with sigmoid(-x) in sigmoid's derivative, and 2x with (-2)x in tanh's", () => {
    expect(pairsOf('sigmoid', 'backward')).toEqual(['sigmoid(x) ~ sigmoid(-x)', 'sigmoid(-x) ~ sigmoid(x)']);
    expect(pairsOf('tanh', 'backward')).toEqual(['sigmoid(2 * x) ~ sigmoid((-2) * x)', 'sigmoid((-2) * x) ~ sigmoid(2 * x)']);
  });

  it('finds nothing where there is no such pair', () => {
    expect(pairsOf('sigmoid', 'forward')).toEqual([]);
    expect(pairsOf('elu', 'backward')).toEqual([]);
  });

  it('does not pair a scale with another of a different magnitude, or with a different operand', () => {
    const definition = defineActivation({
      id: 'test/not_negations',
      specVersion: 1,
      params: {},
      forward: (x) => mul(mul(sigmoid(mul(2, x)), sigmoid(mul(-3, x))), mul(sigmoid(neg(mul(x, x))), sigmoid(mul(x, 1)))),
      docs: { name: 'Not negations', latex: 'f(x)=x', description: 'A test activation.' },
    });
    const prepared = prepareKernel(definition, 'forward', resolveParams(definition, {}), false);
    expect(negatedSigmoidPairs(prepared.roots).size).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { builtinActivations } from '../builtins/index.js';
import { resolveParams } from '../definition/resolve-params.js';
import { createRegistry } from '../registry/registry.js';
import { prepareKernel } from './prepare-kernel.js';

const registry = createRegistry({ activations: builtinActivations });

function prepared(id: string, params: Record<string, number>, fromOutput: boolean) {
  const definition = registry.get(id);
  return prepareKernel(definition, 'backward', resolveParams(definition, params, undefined), false, { fromOutput });
}

describe('backward from a saved output', () => {
  it('reads y and not x where the definition says y alone decides (ELU with alpha >= 0, SELU)', () => {
    for (const alpha of [1, 0.25, 0]) {
      const kernel = prepared('elu', { alpha }, true);
      expect(kernel.readsOutput).toBe(true);
      expect(kernel.readsInput).toBe(false);
    }
    expect(prepared('selu', {}, true).readsInput).toBe(false);
  });

  it('still reads x where y alone cannot tell the branches apart (ELU with alpha < 0)', () => {
    const negative = prepared('elu', { alpha: -0.5 }, true);
    expect(negative.readsOutput).toBe(true);
    expect(negative.readsInput).toBe(true);
    expect(negative.key).not.toBe(prepared('elu', { alpha: 1 }, true).key);
  });

  it('reads x when recomputing, and for definitions without a derivative in y', () => {
    expect(prepared('elu', { alpha: 1 }, false).readsInput).toBe(true);
    const relu = prepared('relu', {}, true);
    expect(relu.readsOutput).toBe(false);
    expect(relu.readsInput).toBe(true);
  });
});

describe('exponentials used only where x <= 0', () => {
  const nonPositive = (id: string, kind: 'forward' | 'backward'): string[] => {
    const definition = registry.get(id);
    return [...prepareKernel(definition, kind, resolveParams(definition, {}, undefined), false).nonPositiveExponentials].map((node) => node.op);
  };

  it("are found in ELU's, SELU's and CELU's negative branch, CELU's x / alpha through alpha's declared range", () => {
    expect(nonPositive('elu', 'forward')).toEqual(['expm1']);
    expect(nonPositive('elu', 'backward')).toEqual(['exp']);
    expect(nonPositive('selu', 'forward')).toEqual(['expm1']);
    expect(nonPositive('celu', 'forward')).toEqual(['expm1']);
  });

  it('are absent where the exponential meets positive x', () => {
    expect(nonPositive('sigmoid', 'forward')).toEqual([]);
    expect(nonPositive('relu', 'forward')).toEqual([]);
  });
});

describe('backward without parameter gradients', () => {
  const backward = (id: string, paramGradients: boolean) => {
    const definition = registry.get(id);
    return prepareKernel(definition, 'backward', resolveParams(definition, {}, undefined), false, { paramGradients });
  };

  it("leaves out the learnable parameters' gradients and gets a kernel of its own (PReLU)", () => {
    const full = backward('prelu', true);
    const inputOnly = backward('prelu', false);
    expect(full.gradientParams).toEqual(['alpha']);
    expect(full.roots).toHaveLength(2);
    expect(inputOnly.gradientParams).toEqual([]);
    expect(inputOnly.roots).toEqual([full.roots[0]]);
    expect(inputOnly.key).not.toBe(full.key);
  });

  it('shares the kernel of definitions without learnable parameters, and forward ignores it', () => {
    expect(backward('elu', false).key).toBe(backward('elu', true).key);
    const prelu = registry.get('prelu');
    const params = resolveParams(prelu, {}, undefined);
    expect(prepareKernel(prelu, 'forward', params, false, { paramGradients: false }).key).toBe(prepareKernel(prelu, 'forward', params, false).key);
  });
});

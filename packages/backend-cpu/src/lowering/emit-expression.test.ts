import type { KernelKind } from '@rectify/activation-core';
import { builtinActivations, createRegistry, layoutSlots, literalValue, prepareKernel, resolveParams } from '@rectify/activation-core';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { describe, expect, it } from 'vitest';
import { ConstantPool } from '../wasm/constant-pool.js';
import { FunctionBuilder } from '../wasm/function-builder.js';
import { emitLanes } from './emit-expression.js';

const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });

/** SIMD instructions of one vector of `id`'s kernel body. */
function bodyInstructions(id: string, kind: KernelKind, params: object = {}, paramGradients = true): number {
  const definition = registry.get(id);
  const prepared = prepareKernel(definition, kind, resolveParams(definition, params), false, { paramGradients });
  const slots = layoutSlots(prepared.plan, literalValue);
  const f = new FunctionBuilder([], [], new ConstantPool());
  const lanes = f.local('v128');
  emitLanes(f, prepared.roots, prepared.plan, {
    x: lanes,
    pushDraws: () => f.get(lanes),
    hoisted: () => lanes,
    literal: (node) => slots.literals.get(node),
    nonPositiveExponentials: prepared.nonPositiveExponentials,
  });
  return f.simdInstructions;
}

describe('emitLanes', () => {
  it("computes a derivative's sigmoid(u) sigmoid(-u) from one exponential (sigmoid, tanh and SiLU)", () => {
    // Two separate sigmoids would double the forward body; the pair adds a select, a division and the product.
    for (const id of ['sigmoid', 'tanh', 'smooth/silu']) {
      expect(bodyInstructions(id, 'backward'), id).toBeLessThan(bodyInstructions(id, 'forward') + 12);
    }
  });

  it("computes SiLU's input gradient alone in fewer instructions when beta's gradient is not asked for", () => {
    // PyTorch's silu_backward has no beta: its work is the input gradient alone. (The kernel loop
    // also drops beta's float64 accumulation, which emitLanes does not count.)
    expect(bodyInstructions('smooth/silu', 'backward', {}, false)).toBeLessThan(bodyInstructions('smooth/silu', 'backward'));
  });

  it("computes the cubic and the exponential of GELU's tanh approximation once for its derivative's three sigmoids", () => {
    // 2 sigmoid(v), sigmoid(v) and sigmoid(-v): each of its own would take the float64 cubic and the exponential again.
    const tanh = { approximate: 'tanh' };
    expect(bodyInstructions('smooth/gelu', 'backward', tanh)).toBeLessThan(bodyInstructions('smooth/gelu', 'forward', tanh) + 30);
  });
});

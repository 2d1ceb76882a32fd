import type { ActivationDefinition, ResolvedParams, SlotLayout } from '@rectify/activation-core';
import { layoutSlots, literalValue, prepareKernel, slotValues } from '@rectify/activation-core';
import type { CompiledGemm, GemmRunner } from './gemm-runner.js';

/** A fused dense kernel and its hoisted values for one set of scalar parameter values. */
export interface DenseKernelCall {
  readonly compiled: CompiledGemm;
  readonly slots: SlotLayout;
  /** Hoisted values; undefined when some parameter is per channel (computed per call then). */
  readonly slotValues: Float32Array | undefined;
}

const signatureLimit = 256;

function signatureOf(training: boolean, params: ResolvedParams): string {
  let signature = training ? 'T' : 'E';
  for (const name in params) {
    const param = params[name];
    signature += param?.kind === 'scalar' ? `|${param.value}` : '|c';
  }
  return signature;
}

/**
 * GEMM modules with an activation epilogue: one per (definition, prepareKernel key), so parameter
 * values never recompile. Calls seen before are found by their scalar parameter values alone.
 */
export class DenseKernelCache {
  private readonly byKey = new WeakMap<ActivationDefinition, Map<string, { compiled: CompiledGemm; slots: SlotLayout }>>();
  private readonly bySignature = new WeakMap<ActivationDefinition, Map<string, DenseKernelCall>>();
  private compiledCount = 0;

  constructor(private readonly runner: GemmRunner) {}

  get compiled(): number {
    return this.compiledCount;
  }

  lookup(definition: ActivationDefinition, params: ResolvedParams, training: boolean, perChannel: boolean): DenseKernelCall {
    let calls = this.bySignature.get(definition);
    if (calls === undefined) {
      calls = new Map();
      this.bySignature.set(definition, calls);
    }
    const signature = signatureOf(training, params);
    const known = calls.get(signature);
    if (known !== undefined) return known;
    const prepared = prepareKernel(definition, 'forward', params, training);
    let kernels = this.byKey.get(definition);
    if (kernels === undefined) {
      kernels = new Map();
      this.byKey.set(definition, kernels);
    }
    let kernel = kernels.get(prepared.key);
    if (kernel === undefined) {
      const [root] = prepared.roots;
      if (root === undefined) throw new Error('dense kernel: no forward root');
      const slots = layoutSlots(prepared.plan, literalValue);
      kernel = { compiled: this.runner.compileEpilogue({ root, plan: prepared.plan, slots, nonPositiveExponentials: prepared.nonPositiveExponentials }), slots };
      kernels.set(prepared.key, kernel);
      this.compiledCount++;
    }
    const call: DenseKernelCall = { ...kernel, slotValues: perChannel ? undefined : slotValues(kernel.slots, params, 1) };
    if (calls.size >= signatureLimit) calls.clear();
    calls.set(signature, call);
    return call;
  }
}

import type { ActivationDefinition, BackwardVariant, KernelKind, PreparedKernel, ResolvedParams, SlotLayout } from '@rectify/activation-core';
import { callSignature, layoutSlots, literalValue, prepareKernel, slotValues } from '@rectify/activation-core';
import type { MemoryImport } from '../wasm/module-builder.js';
import { buildKernelModule, isArithmeticBound } from './build-kernel.js';

export type KernelFunction = (...args: number[]) => void;

export interface CompiledKernel {
  readonly prepared: PreparedKernel;
  readonly slots: SlotLayout;
  /** The WebAssembly kernel; absent when the backend interprets. */
  readonly wasm?: { readonly module: WebAssembly.Module; readonly run: KernelFunction };
  /** Bound by arithmetic (a transcendental function), so a second thread pays on shorter arrays. */
  readonly arithmeticBound: boolean;
}

export interface KernelCacheStats {
  /** Kernels generated (and, for WebAssembly, compiled). */
  readonly compiled: number;
  /** Calls served by an existing kernel. */
  readonly hits: number;
}

/** A kernel and its hoisted values for one set of scalar parameter values: the per-call fast path. */
export interface KernelCall {
  readonly kernel: CompiledKernel;
  /** Hoisted values; undefined when some parameter is per channel (computed per call then). */
  readonly slotValues: Float32Array | undefined;
}

const signatureLimit = 256;

/** Scalar parameter values in definition order; undefined marks a per-channel parameter. */
function scalarValues(params: ResolvedParams): (number | undefined)[] {
  const values: (number | undefined)[] = [];
  for (const name in params) {
    const param = params[name];
    values.push(param?.kind === 'scalar' ? param.value : undefined);
  }
  return values;
}

function sameScalars(values: readonly (number | undefined)[], params: ResolvedParams): boolean {
  let index = 0;
  for (const name in params) {
    const param = params[name];
    const value = param?.kind === 'scalar' ? param.value : undefined;
    if (index >= values.length || !Object.is(values[index], value)) return false;
    index++;
  }
  return index === values.length;
}

/**
 * Compiles one WebAssembly module per (definition, kernel kind, branch decisions, per-channel set):
 * parameter values are runtime slots, so a new alpha never compiles anything.
 */
export class KernelCache {
  private readonly byDefinition = new WeakMap<ActivationDefinition, Map<string, CompiledKernel>>();
  private readonly bySignature = new WeakMap<ActivationDefinition, Map<string, KernelCall>>();
  /** The most recent call per definition, matched without building a signature string. */
  private readonly lastCall = new WeakMap<
    ActivationDefinition,
    {
      readonly kind: KernelKind;
      readonly training: boolean;
      readonly fromOutput: boolean;
      readonly paramGradients: boolean;
      readonly values: readonly (number | undefined)[];
      readonly call: KernelCall;
    }
  >();
  private compiledCount = 0;
  private hitCount = 0;

  /**
   * `memory` undefined: prepare kernels for the interpreter only, compile nothing.
   * `fusedMultiplyAdd`: compile polynomial steps as relaxed SIMD's multiply-add.
   */
  constructor(
    private readonly memory: { readonly memory: WebAssembly.Memory; readonly import: MemoryImport; readonly fusedMultiplyAdd: boolean } | undefined,
  ) {}

  get stats(): KernelCacheStats {
    return { compiled: this.compiledCount, hits: this.hitCount };
  }

  /**
   * The kernel for a call, found by the values of its scalar parameters without preparing anything
   * when seen before. `variant`: how a backward kernel differs from the plain one.
   */
  lookup(definition: ActivationDefinition, kind: KernelKind, params: ResolvedParams, training: boolean, perChannel: boolean, variant: BackwardVariant = {}): KernelCall {
    const last = this.lastCall.get(definition);
    const fromOutput = variant.fromOutput === true;
    const paramGradients = variant.paramGradients !== false;
    if (
      last !== undefined &&
      last.kind === kind &&
      last.training === training &&
      last.fromOutput === fromOutput &&
      last.paramGradients === paramGradients &&
      sameScalars(last.values, params)
    ) {
      this.hitCount++;
      return last.call;
    }
    const call = this.lookupBySignature(definition, kind, params, training, perChannel, variant);
    this.lastCall.set(definition, { kind, training, fromOutput, paramGradients, values: scalarValues(params), call });
    return call;
  }

  private lookupBySignature(definition: ActivationDefinition, kind: KernelKind, params: ResolvedParams, training: boolean, perChannel: boolean, variant: BackwardVariant): KernelCall {
    let calls = this.bySignature.get(definition);
    if (calls === undefined) {
      calls = new Map();
      this.bySignature.set(definition, calls);
    }
    const signature = callSignature(kind, training, params, variant);
    const known = calls.get(signature);
    if (known !== undefined) {
      this.hitCount++;
      return known;
    }
    const kernel = this.get(definition, kind, params, training, variant);
    const call: KernelCall = { kernel, slotValues: perChannel ? undefined : slotValues(kernel.slots, params, 1) };
    if (calls.size >= signatureLimit) calls.clear();
    calls.set(signature, call);
    return call;
  }

  get(definition: ActivationDefinition, kind: KernelKind, params: ResolvedParams, training: boolean, variant: BackwardVariant = {}): CompiledKernel {
    const prepared = prepareKernel(definition, kind, params, training, variant);
    let kernels = this.byDefinition.get(definition);
    if (kernels === undefined) {
      kernels = new Map();
      this.byDefinition.set(definition, kernels);
    }
    const known = kernels.get(prepared.key);
    if (known !== undefined) {
      this.hitCount++;
      return known;
    }
    const slots = layoutSlots(prepared.plan, literalValue);
    const compiled: CompiledKernel = { prepared, slots, arithmeticBound: isArithmeticBound(prepared.roots), ...(this.memory === undefined ? {} : { wasm: this.compile(prepared, slots) }) };
    kernels.set(prepared.key, compiled);
    this.compiledCount++;
    return compiled;
  }

  private compile(prepared: PreparedKernel, slots: SlotLayout): { module: WebAssembly.Module; run: KernelFunction } {
    if (this.memory === undefined) throw new Error('kernel cache: no memory to compile against');
    const bytes = buildKernelModule({ ...prepared, slots }, this.memory.import, this.memory.fusedMultiplyAdd);
    const module = new WebAssembly.Module(bytes);
    const instance = new WebAssembly.Instance(module, { env: { memory: this.memory.memory } });
    const run = instance.exports['kernel'];
    if (typeof run !== 'function') throw new Error('kernel module exports no function');
    return { module, run: run as KernelFunction };
  }
}

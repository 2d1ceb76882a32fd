import type { ActivationDefinition, KernelKind, PreparedKernel, SlotLayout } from '@rectify/activation-core';
import { layoutSlots, literalValue, prepareKernel, slotValues } from '@rectify/activation-core';
import { helpersSource } from '../wgsl/helpers.js';
import type { KernelSource } from '../wgsl/kernel-source.js';
import { kernelBindings, kernelSource } from '../wgsl/kernel-source.js';
import { printExpressions } from '../wgsl/print-expression.js';
import { wgslTypes } from '../wgsl/types.js';
import type { DescribedActivation } from './activation-call.js';
import type { CompiledKernel, ComputeKernels } from './compute-kernels.js';
import type { EpilogueSource } from './matmul-source.js';

/** An activation lowered for one call signature: the IR to print, its slots and the scalar slot values. */
export interface PreparedActivation {
  readonly prepared: PreparedKernel;
  readonly slots: SlotLayout;
  /** Hoisted scalar values (float64 on the host, rounded to float32), `slots.scalar.size` of them. */
  readonly scalarValues: Float32Array;
  /** Names the definition and prepareKernel's key: what the printed code depends on. */
  readonly codeKey: string;
}

const signatureLimit = 256;

/**
 * Lowers activations for the training ops: the element-wise kernels of the array API (same WGSL
 * printer and template, compiled synchronously here) and the epilogue the matmul inlines. Work per
 * call signature (parameter kinds and scalar values) is cached, and pipelines are keyed by
 * definition and kernel key, never by shape or parameter value.
 */
export class ActivationKernels {
  private readonly tokens = new WeakMap<ActivationDefinition, number>();
  private readonly bySignature = new WeakMap<ActivationDefinition, Map<string, PreparedActivation>>();
  private nextToken = 0;

  constructor(
    private readonly kernels: ComputeKernels,
    readonly workgroupSize: number,
    readonly vectorsPerInvocation: number,
  ) {}

  prepare(call: DescribedActivation, kind: KernelKind): PreparedActivation {
    let calls = this.bySignature.get(call.definition);
    if (calls === undefined) {
      calls = new Map();
      this.bySignature.set(call.definition, calls);
    }
    const signature = `${kind}|${call.signature}`;
    const known = calls.get(signature);
    if (known !== undefined) return known;
    const prepared = prepareKernel(call.definition, kind, call.params, call.training, { paramGradients: call.paramGradients });
    const slots = layoutSlots(prepared.plan, literalValue);
    const scalarValues = slotValues({ scalar: slots.scalar, perChannel: new Map(), literals: slots.literals }, call.params, 1);
    let token = this.tokens.get(call.definition);
    if (token === undefined) {
      token = this.nextToken++;
      this.tokens.set(call.definition, token);
    }
    const result: PreparedActivation = { prepared, slots, scalarValues, codeKey: `${token}:${call.definition.id}|${prepared.key}` };
    if (calls.size >= signatureLimit) calls.clear();
    calls.set(signature, result);
    return result;
  }

  /** The array API's element-wise kernel (vec4) for a prepared activation, and what it binds. */
  elementwise(activation: PreparedActivation): { kernel: CompiledKernel; source: KernelSource } {
    let source: KernelSource | undefined;
    const options = { width: 4, workgroupSize: this.workgroupSize, vectorsPerInvocation: this.vectorsPerInvocation } as const;
    const describe = (): KernelSource => (source ??= kernelSource(activation.prepared, activation.slots, options));
    const kernel = this.kernels.get(`activation|${activation.codeKey}|w4|wg${this.workgroupSize}|v${this.vectorsPerInvocation}`, () => {
      const described = describe();
      return { label: `rectify ${activation.codeKey} ${described.kind}`, code: described.code, bindings: kernelBindings(described) };
    });
    return { kernel, source: describe() };
  }

  /** The forward expression as the matmul epilogue `activate(x, idx, ch)`. */
  epilogue(activation: PreparedActivation): EpilogueSource {
    const types = wgslTypes(1, 'f32');
    const printed = printExpressions(activation.prepared.roots, activation.prepared.plan, activation.slots, types);
    return {
      helpers: helpersSource(types),
      statements: printed.statements,
      value: printed.roots[0] ?? 'x',
      uniformSlots: Math.max(1, Math.ceil(activation.slots.scalar.size / 4)),
    };
  }
}

import type { ActivationDefinition, BackwardVariant, KernelKind, PreparedKernel, ResolvedParams, SlotLayout } from '@rectify/activation-core';
import { callSignature, layoutSlots, literalValue, prepareKernel, slotValues } from '@rectify/activation-core';
import './gpu-types.js';
import type { KernelSource } from './wgsl/kernel-source.js';
import { kernelBindings, kernelSource, reductionSource, storageBufferCount } from './wgsl/kernel-source.js';
import type { Storage, Width } from './wgsl/types.js';

export interface Kernel {
  readonly prepared: PreparedKernel;
  readonly slots: SlotLayout;
  readonly source: KernelSource;
  readonly layout: GPUBindGroupLayout;
  readonly pipeline: Promise<GPUComputePipeline>;
}

/** A kernel and the hoisted values for one set of scalar parameter values (undefined with per-channel ones). */
export interface KernelCall {
  readonly kernel: Kernel;
  readonly slotValues: Float32Array | undefined;
}

export interface PipelineStats {
  /** Pipelines created. */
  readonly misses: number;
  /** Calls served by an existing pipeline. */
  readonly hits: number;
}

const signatureLimit = 256;

/**
 * Compute pipelines per (definition, prepareKernel's key, storage, width, workgroup size, vectors
 * per invocation): parameter values live in the uniform block, so a new alpha never creates a
 * pipeline, and shapes never enter the key.
 * A backward kernel asked to read the saved forward output (`variant.fromOutput`) that would bind
 * more storage buffers than `maxStorageBuffers` recomputes the output instead.
 */
export class PipelineCache {
  private readonly byDefinition = new WeakMap<ActivationDefinition, Map<string, Kernel>>();
  /** Per storage, so that a call's signature is core's string as it is. */
  private readonly bySignature: Record<Storage, WeakMap<ActivationDefinition, Map<string, KernelCall>>> = { f32: new WeakMap(), f16: new WeakMap() };
  private reduction: { layout: GPUBindGroupLayout; pipeline: Promise<GPUComputePipeline> } | undefined;
  private missCount = 0;
  private hitCount = 0;

  constructor(
    private readonly device: GPUDevice,
    readonly width: Width,
    readonly workgroupSize: number,
    readonly vectorsPerInvocation: number,
    private readonly maxStorageBuffers: number = device.limits.maxStorageBuffersPerShaderStage,
  ) {}

  get stats(): PipelineStats {
    return { misses: this.missCount, hits: this.hitCount };
  }

  lookup(definition: ActivationDefinition, kind: KernelKind, params: ResolvedParams, training: boolean, perChannel: boolean, variant: BackwardVariant = {}, storage: Storage = 'f32'): KernelCall {
    let calls = this.bySignature[storage].get(definition);
    if (calls === undefined) {
      calls = new Map();
      this.bySignature[storage].set(definition, calls);
    }
    const signature = callSignature(kind, training, params, variant);
    const known = calls.get(signature);
    if (known !== undefined) {
      this.hitCount++;
      return known;
    }
    const kernel = this.kernel(definition, kind, params, training, variant, storage);
    const call: KernelCall = { kernel, slotValues: perChannel ? undefined : slotValues(kernel.slots, params, 1) };
    if (calls.size >= signatureLimit) calls.clear();
    calls.set(signature, call);
    return call;
  }

  private kernel(definition: ActivationDefinition, kind: KernelKind, params: ResolvedParams, training: boolean, variant: BackwardVariant, storage: Storage): Kernel {
    const prepared = prepareKernel(definition, kind, params, training, variant);
    let kernels = this.byDefinition.get(definition);
    if (kernels === undefined) {
      kernels = new Map();
      this.byDefinition.set(definition, kernels);
    }
    const key = `${prepared.key}|${storage}|w${this.width}|wg${this.workgroupSize}|v${this.vectorsPerInvocation}`;
    const known = kernels.get(key);
    if (known !== undefined) {
      this.hitCount++;
      return known;
    }
    const slots = layoutSlots(prepared.plan, literalValue);
    const source = kernelSource(prepared, slots, { width: this.width, workgroupSize: this.workgroupSize, vectorsPerInvocation: this.vectorsPerInvocation, storage });
    // y takes one more storage buffer than recomputing it; past the device's limit, recompute.
    const kernel =
      source.readsOutput && storageBufferCount(source) > this.maxStorageBuffers
        ? this.kernel(definition, kind, params, training, { ...variant, fromOutput: false }, storage)
        : this.compile(definition.id, { prepared, slots, source });
    kernels.set(key, kernel);
    return kernel;
  }

  private compile(id: string, { prepared, slots, source }: Pick<Kernel, 'prepared' | 'slots' | 'source'>): Kernel {
    const label = `rectify ${id} ${prepared.kind}${source.readsOutput ? ' from output' : ''}`;
    const layout = this.device.createBindGroupLayout({ label, entries: layoutEntries(source) });
    const module = this.device.createShaderModule({ label, code: source.code });
    const pipeline = this.device.createComputePipelineAsync({
      label,
      layout: this.device.createPipelineLayout({ bindGroupLayouts: [layout] }),
      compute: { module, entryPoint: 'main' },
    });
    pipeline.catch(() => undefined);
    this.missCount++;
    return { prepared, slots, source, layout, pipeline };
  }

  /** The per-channel sum of parameter gradient contributions. */
  reductionPipeline(): { layout: GPUBindGroupLayout; pipeline: Promise<GPUComputePipeline> } {
    if (this.reduction !== undefined) return this.reduction;
    const layout = this.device.createBindGroupLayout({
      label: 'rectify reduction',
      entries: [entry(0, 'uniform'), entry(1, 'read-only-storage'), entry(2, 'storage')],
    });
    const pipeline = this.device.createComputePipelineAsync({
      label: 'rectify reduction',
      layout: this.device.createPipelineLayout({ bindGroupLayouts: [layout] }),
      compute: { module: this.device.createShaderModule({ code: reductionSource(this.workgroupSize) }), entryPoint: 'main' },
    });
    pipeline.catch(() => undefined);
    this.reduction = { layout, pipeline };
    return this.reduction;
  }
}

function entry(binding: number, type: GPUBufferBindingType): GPUBindGroupLayoutEntry {
  return { binding, visibility: 4 /* GPUShaderStage.COMPUTE */, buffer: { type } };
}

function layoutEntries(source: KernelSource): GPUBindGroupLayoutEntry[] {
  return kernelBindings(source).map(({ binding, type }) => entry(binding, type));
}

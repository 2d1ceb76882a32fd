import '../gpu-types.js';

export interface BindingSpec {
  readonly binding: number;
  readonly type: GPUBufferBindingType;
}

/** What a compute kernel binds: its WGSL and the buffer type of each binding. */
export interface KernelSpec {
  readonly label: string;
  readonly code: string;
  readonly bindings: readonly BindingSpec[];
}

/** Bindings 0, 1, 2, ... of the given types. */
export const sequentialBindings = (...types: readonly GPUBufferBindingType[]): BindingSpec[] => types.map((type, binding) => ({ binding, type }));

export interface CompiledKernel {
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
}

export interface KernelCacheStats {
  readonly misses: number;
  readonly hits: number;
}

/**
 * Compute pipelines of the training ops, created synchronously (ops encode and submit at once) and
 * cached by a key naming everything that shapes the code: never a tensor size or a parameter value,
 * which travel in uniforms.
 */
export class ComputeKernels {
  private readonly byKey = new Map<string, CompiledKernel>();
  private missCount = 0;
  private hitCount = 0;

  constructor(private readonly device: GPUDevice) {}

  get stats(): KernelCacheStats {
    return { misses: this.missCount, hits: this.hitCount };
  }

  get(key: string, spec: () => KernelSpec): CompiledKernel {
    const known = this.byKey.get(key);
    if (known !== undefined) {
      this.hitCount++;
      return known;
    }
    const compiled = this.compile(spec());
    this.byKey.set(key, compiled);
    this.missCount++;
    return compiled;
  }

  /** Compiles without caching under a string key (callers that cache per definition object). */
  compile({ label, code, bindings }: KernelSpec): CompiledKernel {
    const layout = this.device.createBindGroupLayout({
      label,
      entries: bindings.map(({ binding, type }) => ({ binding, visibility: 4 /* GPUShaderStage.COMPUTE */, buffer: { type } })),
    });
    const pipeline = this.device.createComputePipeline({
      label,
      layout: this.device.createPipelineLayout({ bindGroupLayouts: [layout] }),
      compute: { module: this.device.createShaderModule({ label, code }), entryPoint: 'main' },
    });
    return { pipeline, layout };
  }

  countHit(): void {
    this.hitCount++;
  }

  countMiss(): void {
    this.missCount++;
  }
}

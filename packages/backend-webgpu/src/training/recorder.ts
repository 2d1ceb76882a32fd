import type { BufferPool } from '../buffer-pool.js';
import { paddedBytes, storageUsage, uniformUsage } from '../gpu-types.js';
import type { CompiledKernel } from './compute-kernels.js';

/** A buffer bound to one binding of a kernel. */
export interface BoundBuffer {
  readonly binding: number;
  readonly buffer: GPUBuffer;
}

/**
 * The commands of one op: buffer copies and compute dispatches in order, submitted together. Uniform
 * blocks and scratch buffers come from the pool and go back to it right after the submit: later
 * writes to them are queued behind this submission, so the GPU has read them by then.
 */
export class Recorder {
  private readonly encoder: GPUCommandEncoder;
  private pass: GPUComputePassEncoder | undefined;
  private readonly temporaries: GPUBuffer[] = [];

  constructor(
    private readonly device: GPUDevice,
    private readonly pool: BufferPool,
    private readonly maxGroups: number,
  ) {
    this.encoder = device.createCommandEncoder();
  }

  /** A uniform buffer holding `data`, released after the submit. */
  uniforms(data: ArrayBuffer): GPUBuffer {
    const buffer = this.pool.acquire(data.byteLength, uniformUsage);
    this.device.queue.writeBuffer(buffer, 0, data);
    this.temporaries.push(buffer);
    return buffer;
  }

  /** A storage buffer for `length` floats, released after the submit. */
  scratch(length: number): GPUBuffer {
    const buffer = this.pool.acquire(paddedBytes(length), storageUsage);
    this.temporaries.push(buffer);
    return buffer;
  }

  /** A storage buffer holding `data`, released after the submit. */
  scratchFrom(data: Float32Array | Uint32Array): GPUBuffer {
    const buffer = this.scratch(data.length);
    this.write(buffer, 0, data);
    return buffer;
  }

  /** Writes host values into a buffer (queued before this op's commands, after earlier submissions). */
  write(target: GPUBuffer, offset: number, data: Float32Array | Uint32Array): void {
    if (data.length > 0) this.device.queue.writeBuffer(target, offset, data.buffer, data.byteOffset, data.byteLength);
  }

  copy(source: GPUBuffer, sourceOffset: number, target: GPUBuffer, targetOffset: number, bytes: number): void {
    if (bytes === 0) return;
    this.endPass();
    this.encoder.copyBufferToBuffer(source, sourceOffset, target, targetOffset, bytes);
  }

  clear(target: GPUBuffer, bytes: number): void {
    this.endPass();
    this.encoder.clearBuffer(target, 0, bytes);
  }

  /** One dispatch of `groups` workgroups (x, y, z), already within maxComputeWorkgroupsPerDimension. */
  dispatch(kernel: CompiledKernel, buffers: readonly BoundBuffer[], groups: readonly [number, number?, number?]): void {
    const [x, y = 1, z = 1] = groups;
    if (x === 0 || y === 0 || z === 0) return;
    this.pass ??= this.encoder.beginComputePass();
    this.pass.setPipeline(kernel.pipeline);
    this.pass.setBindGroup(0, this.device.createBindGroup({ layout: kernel.layout, entries: buffers.map(({ binding, buffer }) => ({ binding, resource: { buffer } })) }));
    this.pass.dispatchWorkgroups(x, y, z);
  }

  /** Workgroups along x and y for `groups` workgroups, folded past maxComputeWorkgroupsPerDimension. */
  fold(groups: number): [number, number] {
    if (groups <= this.maxGroups) return [Math.max(1, groups), 1];
    const rows = Math.ceil(groups / this.maxGroups);
    return [Math.ceil(groups / rows), rows];
  }

  submit(): void {
    this.endPass();
    this.device.queue.submit([this.encoder.finish()]);
    for (const buffer of this.temporaries) this.pool.release(buffer);
    this.temporaries.length = 0;
  }

  private endPass(): void {
    this.pass?.end();
    this.pass = undefined;
  }
}

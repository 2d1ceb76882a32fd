export { createWebGPUBackend } from './create-backend.js';
export type { TensorBackwardOptions, TensorBackwardResult, TensorCallOptions, WebGPUBackend, WebGPUBackendOptions } from './create-backend.js';
export { WebGPUTensor } from './tensor.js';
export type { PoolStats } from './buffer-pool.js';
export type { PipelineStats } from './pipelines.js';
export type { DeviceOptions } from './device.js';
export { kernelSource, reductionSource } from './wgsl/kernel-source.js';
export type { KernelSource, KernelSourceOptions } from './wgsl/kernel-source.js';
export type { Precision, Width } from './wgsl/types.js';

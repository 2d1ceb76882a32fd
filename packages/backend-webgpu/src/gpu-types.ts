/// <reference types="@webgpu/types" />
import type { TensorDtype } from './tensor.js';

/**
 * WebGPU's type declarations for this package (the DOM library has none), and the usage flags as
 * numbers, so the package runs where the `GPUBufferUsage` global is not installed.
 */
export const BufferUsage = {
  MAP_READ: 0x0001,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
} as const;

export const storageUsage = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;
export const uniformUsage = BufferUsage.UNIFORM | BufferUsage.COPY_DST;
export const readbackUsage = BufferUsage.MAP_READ | BufferUsage.COPY_DST;

/** Bytes for `length` float32 values, padded to 16 so that vec4 loads of the tail stay inside. */
export const paddedBytes = (length: number): number => Math.max(16, Math.ceil(length / 4) * 16);

/** Bytes of a tensor's buffer: `length` values of `dtype` (float16 packed two per u32), padded to 16. */
export const storedBytes = (length: number, dtype: TensorDtype): number => (dtype === 'float16' ? Math.max(16, Math.ceil(length / 8) * 16) : paddedBytes(length));

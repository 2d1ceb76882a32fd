import type { DeviceTensor } from '@rectify/activation-core';
import { RectifyError } from '@rectify/activation-core';
import './gpu-types.js';

interface TensorState {
  readonly owner: object;
  buffer: GPUBuffer | undefined;
}

const states = new WeakMap<WebGPUTensor, TensorState>();

/** How a tensor's elements are stored on the device; `read` returns float32 values either way. */
export type TensorDtype = 'float32' | 'float16';

/** Data resident on one backend's device; chain calls on it without copies, then `read` it. */
export class WebGPUTensor implements DeviceTensor {
  readonly length: number;
  /** Number of elements, the product of `shape` (the same as `length`). */
  readonly size: number;
  /** The shape used for per-channel parameters unless a call passes its own. */
  readonly shape: readonly number[];
  /** float32, or float16 (activation calls only; training ops take float32 tensors). */
  readonly dtype: TensorDtype;

  /** @internal Made by a backend's `upload` and tensor methods. */
  constructor(owner: object, buffer: GPUBuffer, length: number, shape: readonly number[], dtype: TensorDtype = 'float32') {
    this.length = length;
    this.dtype = dtype;
    this.size = length;
    this.shape = Object.freeze([...shape]);
    states.set(this, { owner, buffer });
  }

  get disposed(): boolean {
    return states.get(this)?.buffer === undefined;
  }
}

/**
 * The tensor's buffer, after checking that it belongs to `owner`, was not disposed and holds
 * `dtype`.
 */
export function bufferOf(tensor: unknown, owner: object, what: string, dtype: TensorDtype | 'any' = 'float32'): GPUBuffer {
  const state = tensor instanceof WebGPUTensor ? states.get(tensor) : undefined;
  if (!(tensor instanceof WebGPUTensor) || state === undefined) {
    throw new RectifyError('INVALID_DTYPE', `${what} must be a WebGPUTensor made by this backend's upload() or tensor methods.`, { what });
  }
  if (state.owner !== owner) throw new RectifyError('INVALID_OPTION', `${what} belongs to another WebGPU backend (another device); read() it and upload() it here.`, { what });
  if (state.buffer === undefined) throw new RectifyError('INVALID_OPTION', `${what} was disposed.`, { what });
  if (dtype !== 'any' && tensor.dtype !== dtype) {
    throw new RectifyError('INVALID_DTYPE', `${what} is a ${tensor.dtype} tensor where a ${dtype} one is needed.`, { what, expected: dtype, actual: tensor.dtype });
  }
  return state.buffer;
}

/** Replaces the tensor's buffer (in-place calls); returns the previous one. */
export function swapBuffer(tensor: WebGPUTensor, buffer: GPUBuffer): GPUBuffer | undefined {
  const state = states.get(tensor);
  if (state === undefined) return undefined;
  const previous = state.buffer;
  state.buffer = buffer;
  return previous;
}

/** Marks the tensor disposed; returns its buffer for the pool (undefined when already disposed). */
export function takeBuffer(tensor: WebGPUTensor): GPUBuffer | undefined {
  const state = states.get(tensor);
  if (state === undefined) return undefined;
  const buffer = state.buffer;
  state.buffer = undefined;
  return buffer;
}

import { RectifyError } from '@rectify/activation-core';
import { bufferOf, WebGPUTensor } from '../tensor.js';

/**
 * The buffer of a tensor argument of a training op. Anything but a live tensor of this backend is
 * INVALID_OPTION, as the training-ops contract asks of every backend.
 */
export function bufferOfTensor(tensor: unknown, owner: object, what: string): GPUBuffer {
  if (!(tensor instanceof WebGPUTensor)) {
    throw new RectifyError('INVALID_OPTION', `${what} is not a tensor of this WebGPU backend; read() it from its own backend and make a tensor here.`, { what });
  }
  return bufferOf(tensor, owner, what);
}

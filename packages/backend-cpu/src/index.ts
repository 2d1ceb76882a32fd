export { createCpuBackend } from './cpu-backend.js';
export type { CpuBackend, CpuBackendOptions } from './cpu-backend.js';
export type { CpuEngine } from './engine.js';
export { canCompileWasmSimd } from './engine.js';
export { CpuTensor } from './training/cpu-tensor.js';

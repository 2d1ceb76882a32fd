import { describe, expect, it } from 'vitest';
import { defaultVectorsPerInvocation } from './vectors-per-invocation.js';

const info = (fields: Partial<GPUAdapterInfo>): GPUAdapterInfo => ({ vendor: '', architecture: '', device: '', description: '', ...fields }) as GPUAdapterInfo;

describe('defaultVectorsPerInvocation', () => {
  it("gives Mesa's llvmpipe two vectors per invocation, as Dawn on OpenGL ES names it", () => {
    expect(defaultVectorsPerInvocation(info({ device: 'llvmpipe-llvm-15-0-6-256-bits-', description: 'OpenGL version OpenGL ES 3.2 Mesa 22.3.6' }))).toBe(2);
    expect(defaultVectorsPerInvocation(info({ description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }))).toBe(2);
  });

  it('gives SwiftShader, hardware adapters and adapters without info one', () => {
    expect(defaultVectorsPerInvocation(info({ vendor: 'google', architecture: 'swiftshader' }))).toBe(1);
    expect(defaultVectorsPerInvocation(info({ vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100' }))).toBe(1);
    expect(defaultVectorsPerInvocation(undefined)).toBe(1);
  });
});

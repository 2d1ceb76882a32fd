import { describe, expect, it } from 'vitest';
import { defaultVectorsPerInvocation } from './vectors-per-invocation.js';

// Adapter texts as adapterText() forms them: vendor, architecture, device and description, lower case.
describe('defaultVectorsPerInvocation', () => {
  it("gives Mesa's llvmpipe two vectors per invocation, as Dawn on OpenGL ES and Vulkan name it", () => {
    expect(defaultVectorsPerInvocation('  llvmpipe-llvm-15-0-6-256-bits- opengl version opengl es 3.2 mesa 22.3.6')).toBe(2);
    expect(defaultVectorsPerInvocation('mesa  llvmpipe (llvm 15.0.6, 256 bits)')).toBe(2);
  });

  it('gives SwiftShader, hardware adapters and adapters that report nothing one', () => {
    expect(defaultVectorsPerInvocation('google swiftshader  ')).toBe(1);
    expect(defaultVectorsPerInvocation('nvidia hopper  nvidia h100')).toBe(1);
    expect(defaultVectorsPerInvocation('')).toBe(1);
  });
});

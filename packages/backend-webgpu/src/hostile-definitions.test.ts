import { builtinActivations, createRegistry, layoutSlots, literalValue, prepareKernel, resolveParams } from '@rectify/activation-core';
import { describeConformance, hostileButValidDefinitions, injectionTexts } from '@rectify/activation-core/testing';
import { createCpuBackend } from '@rectify/backend-cpu';
import { describe, expect, it } from 'vitest';
import { conformanceTolerance, ignoreBelow } from './testing/accuracy-bounds.js';
import { testBackend } from './testing/node-gpu.js';
import { kernelSource } from './wgsl/kernel-source.js';

// Valid definitions written to break a careless code generator: code in every text field,
// float32's extreme constants, the deepest and the widest expressions core accepts.
const registry = createRegistry({ activations: builtinActivations });
const backend = await testBackend({ registry });
const cpuBackend = createCpuBackend({ registry, threads: 1 });
const hostile = hostileButValidDefinitions();
for (const definition of hostile) registry.register(definition);
const ids = hostile.map((definition) => definition.id);

describe('WGSL printed from hostile definitions', () => {
  it('carries no text from ids, parameter names or docs, only the IR', () => {
    for (const definition of hostile) {
      for (const kind of ['forward', 'backward'] as const) {
        const prepared = prepareKernel(definition, kind, resolveParams(definition, {}, undefined), false);
        const { code } = kernelSource(prepared, layoutSlots(prepared.plan, literalValue), { width: 4, workgroupSize: 64 });
        for (const text of [...injectionTexts, definition.docs.name, definition.docs.description]) expect(code, definition.id).not.toContain(text);
        expect(code).not.toContain(definition.id);
      }
    }
  });
});

if (backend !== undefined) {
  // The widest definition is a shader of about 4,000 operations: compiling it takes seconds on a software adapter.
  const slowIt = (name: string, body: () => void | Promise<void>): void => {
    it(name, body, 120_000);
  };
  describeConformance({ describe, it: slowIt }, { backend, ids, tolerance: conformanceTolerance, compareWith: cpuBackend, ignoreBelow });
  describe('hostile definitions leave the WebGPU backend working', () => {
    it('computes a built-in as before after compiling them', async () => {
      const input = Float32Array.from([-2, -0.5, 0, 0.5, 2]);
      for (const id of ids) await backend.forward(id, input);
      expect(Array.from(await backend.forward('relu', input))).toEqual([0, 0, 0, 0.5, 2]);
      expect('pwned' in globalThis).toBe(false);
    });
  });
} else {
  describe.skip('conformance of hostile definitions: webgpu (no adapter)', () => { it('skipped', () => undefined); });
}

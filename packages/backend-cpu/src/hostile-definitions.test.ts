import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { describeConformance, hostileButValidDefinitions } from '@rectify/activation-core/testing';
import { describe, expect, it } from 'vitest';
import { forwardUlpBound } from './accuracy-bounds.js';
import { createCpuBackend } from './index.js';

// Valid definitions written to break a careless code generator: code in every text field,
// float32's extreme constants, the deepest and the widest expressions core accepts.
const registry = createRegistry({ activations: builtinActivations });
const wasm = createCpuBackend({ registry, engine: 'wasm-simd', threads: 1 });
const interpreter = createCpuBackend({ registry, engine: 'interpreter' });
const hostile = hostileButValidDefinitions();
for (const definition of hostile) registry.register(definition);
const ids = hostile.map((definition) => definition.id);

const tolerance = (definition: Parameters<typeof forwardUlpBound>[0], exact: boolean) => ({ forwardUlp: forwardUlpBound(definition, exact), gradientUlp: exact ? 0 : 8 });

describeConformance({ describe, it }, { backend: wasm, ids, tolerance, compareWith: interpreter });
describeConformance({ describe, it }, { backend: interpreter, ids, tolerance });

describe('hostile definitions leave the backend working', () => {
  it('computes built-ins as before after compiling them, and nothing escaped into the global scope', () => {
    const input = Float32Array.from([-2, -0.5, 0, 0.5, 2]);
    for (const id of ids) wasm.forward(id, input);
    expect(Array.from(wasm.forward('relu', input))).toEqual([0, 0, 0, 0.5, 2]);
    expect(Array.from(interpreter.forward('leaky_relu', input))).toEqual(Array.from(Float32Array.from([-0.02, -0.005, 0, 0.5, 2])));
    expect('pwned' in globalThis).toBe(false);
  });
});

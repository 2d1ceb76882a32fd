/**
 * The page script of the strict Content-Security-Policy test: creates the CPU backend with the
 * default engine choice and checks every registered activation, forward and backward, against core's
 * float64 reference. The outcome is left in `window.rectifyCspResult`.
 */
import { builtinActivations, createRegistry, referenceBackward, referenceForward } from '@rectify/activation-core';
import { isExactInFloat32, ulpDistance } from '@rectify/activation-core/testing';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { forwardUlpBound } from '../accuracy-bounds.js';
import { createCpuBackend } from '../index.js';

export interface CspResult {
  /** Whether the page could compile WebAssembly or evaluate strings: false under the strict policy. */
  readonly wasmCompiles: boolean;
  readonly evalRuns: boolean;
  /** The engine the backend chose and reports, and whether its kernels use relaxed SIMD. */
  readonly engine: string;
  readonly relaxedSimd: boolean;
  readonly checked: readonly string[];
  readonly failures: readonly string[];
  readonly error?: string;
}

declare global {
  interface Window {
    rectifyCspResult?: CspResult;
  }
}

/** The smallest valid module: compiling it throws only when the policy forbids compilation. */
const emptyModule = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

const attempt = (run: () => unknown): boolean => {
  try {
    run();
    return true;
  } catch {
    return false;
  }
};

const ulps = (expected: number, actual: number): number => (Number.isNaN(expected) && Number.isNaN(actual) ? 0 : ulpDistance(expected, actual));

function run(): CspResult {
  const wasmCompiles = attempt(() => new WebAssembly.Module(emptyModule));
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the point is to see whether the policy blocks it
  const evalRuns = attempt(() => new Function('return 1'));
  const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
  const backend = createCpuBackend({ registry });
  const input = Float32Array.from([-100, -20, -5, -2, -1, -0.5, -1e-3, -0, 0, 1e-3, 0.5, 1, 2, 5, 20, 100, Infinity, -Infinity, NaN]);
  const gradOutput = new Float32Array(input.length).fill(1);
  const failures: string[] = [];
  const checked: string[] = [];
  for (const definition of registry.list()) {
    const exact = isExactInFloat32(definition);
    const bound = forwardUlpBound(definition, exact);
    const expected = referenceForward(definition, input, {}, { float32Uniforms: true });
    const actual = backend.forward(definition.id, input);
    input.forEach((value, index) => {
      const error = ulps(Math.fround(expected[index] ?? 0), actual[index] ?? 0);
      if (error > bound && Math.abs(expected[index] ?? 0) >= 2 ** -126) failures.push(`${definition.id}: f(${value}) = ${actual[index]}, reference ${expected[index]} (${error} ulp > ${bound})`);
    });
    const finite = input.map((value) => (Number.isFinite(value) && Math.abs(value) <= 20 ? value : 0));
    const expectedGrad = referenceBackward(definition, finite, gradOutput, {}, { float32Uniforms: true }).gradInput;
    const actualGrad = backend.backward(definition.id, finite, gradOutput).gradInput;
    finite.forEach((value, index) => {
      const want = expectedGrad[index] ?? 0;
      const got = actualGrad[index] ?? 0;
      // The conformance suite's gradient rule: within 8 ulps, or within 8 ulps of |gradOutput| = 1 where the derivative saturates.
      if (ulps(Math.fround(want), got) > (exact ? 0 : 8) && Math.abs(want - got) > 8 * 2 ** -24) failures.push(`${definition.id}: f'(${value}) = ${got}, reference ${want}`);
    });
    checked.push(definition.id);
  }
  return { wasmCompiles, evalRuns, engine: backend.engine, relaxedSimd: backend.relaxedSimd, checked, failures };
}

try {
  window.rectifyCspResult = run();
} catch (error) {
  window.rectifyCspResult = { wasmCompiles: false, evalRuns: false, engine: 'none', relaxedSimd: false, checked: [], failures: [], error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

/**
 * Checks of the Chromium test page beyond the per-activation accuracy sweep: core's conformance suite
 * run in the page (against the CPU backend), denormals at a threshold parameter of zero, a dispatch
 * folded into 2-D, several vectors per invocation, and the buffer pool after a long loop of calls.
 */
import type { Backend, Registry } from '@rectify/activation-core';
import { describeConformance, runDeclaredTests } from '@rectify/activation-core/testing';
import type { WebGPUBackend } from '../index.js';
import { createWebGPUBackend } from '../index.js';
import { conformanceTolerance } from './accuracy-bounds.js';

export interface SuiteOutcome {
  readonly tests: number;
  /** `suite > test: message` for each test that threw. */
  readonly failures: readonly string[];
}

/** Core's conformance suite with the bounds of the Node run, its tests run one after another. */
export async function runConformanceSuite(backend: WebGPUBackend, compareWith: Backend, ignoreBelow: number): Promise<SuiteOutcome> {
  const outcomes = await runDeclaredTests((test) => { describeConformance(test, { backend, tolerance: conformanceTolerance, compareWith, ignoreBelow }); });
  const failures = outcomes.flatMap((outcome) => (outcome.error === undefined ? [] : [`${outcome.name}: ${outcome.error}`]));
  return { tests: outcomes.length, failures };
}

export interface DispatchOutcome {
  readonly workgroups: number;
  readonly maxPerDimension: number;
  readonly mismatches: number;
}

/** ReLU over 2^24 + 3 elements at 64 invocations per workgroup: more workgroups than one dimension holds. */
export async function checkFoldedDispatch(registry: Registry): Promise<DispatchOutcome> {
  const backend = await createWebGPUBackend({ registry, workgroupSize: 64, vectorsPerInvocation: 1 });
  const length = 2 ** 24 + 3;
  const input = Float32Array.from({ length }, (_, i) => (i % 1999) - 999.5);
  const output = await backend.forward('relu', input);
  let mismatches = 0;
  for (let i = 0; i < length; i++) if (output[i] !== Math.max(input[i] ?? 0, 0)) mismatches++;
  const outcome = { workgroups: Math.ceil(length / 4 / (backend.workgroupSize * backend.vectorsPerInvocation)), maxPerDimension: backend.device.limits.maxComputeWorkgroupsPerDimension, mismatches };
  backend.destroy();
  return outcome;
}

export interface VectorsOutcome {
  /** Calls compared (forward and backward, per activation and length). */
  readonly checked: number;
  readonly failures: readonly string[];
}

/**
 * Every registered activation, forward and backward, on a backend computing four vectors per
 * invocation against `backend` (one), bit for bit: tails 0 to 9 and lengths around the span of a
 * workgroup's invocations.
 */
export async function checkVectorsPerInvocation(registry: Registry, backend: WebGPUBackend): Promise<VectorsOutcome> {
  const wide = await createWebGPUBackend({ registry, vectorsPerInvocation: 4 });
  const span = 16 * wide.workgroupSize;
  const lengths = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, span - 3, span + 13];
  const bits = (values: Float32Array): string => new Uint32Array(values.buffer, values.byteOffset, values.length).join(',');
  const failures: string[] = [];
  let checked = 0;
  for (const definition of registry.list()) {
    const params = definition.id === 'prelu' ? { alpha: 0.3 } : {};
    for (const length of lengths) {
      const input = Float32Array.from({ length }, (_, i) => Math.sin(i * 0.37 + length) * 6);
      const grad = Float32Array.from({ length }, (_, i) => Math.cos(i * 0.11));
      if (bits(await wide.forward(definition.id, input, params)) !== bits(await backend.forward(definition.id, input, params))) failures.push(`vectorsPerInvocation 4: ${definition.id} forward, ${length} elements`);
      const [a, b] = [await wide.backward(definition.id, input, grad, params), await backend.backward(definition.id, input, grad, params)];
      if (bits(a.gradInput) !== bits(b.gradInput)) failures.push(`vectorsPerInvocation 4: ${definition.id} backward, ${length} elements`);
      checked += 2;
    }
  }
  wide.destroy();
  return { checked, failures };
}

export interface PoolOutcome {
  readonly before: { readonly liveBuffers: number; readonly liveBytes: number };
  readonly after: { readonly liveBuffers: number; readonly liveBytes: number };
}

/** The pool's live buffers and bytes before and after 200 rounds of array and tensor calls. */
export async function checkPoolAfterLoop(backend: WebGPUBackend): Promise<PoolOutcome> {
  const snapshot = () => ({ liveBuffers: backend.poolStats.liveBuffers, liveBytes: backend.poolStats.liveBytes });
  const before = snapshot();
  for (let i = 0; i < 200; i++) {
    const input = Float32Array.from({ length: 1 + (i % 37) * 13 }, (_, k) => Math.sin(i + k) * 4);
    await backend.forward(i % 2 === 0 ? 'elu' : 'smooth/silu', input);
    await backend.backward('prelu', input, input, { alpha: Float32Array.of(0.2) }, { shape: [input.length, 1] });
    if (i % 3 === 0) await backend.backward('elu', input, input.slice(), {}, { output: input.slice() });
    const tensor = backend.upload(input);
    backend.dispose(await backend.forwardTensor('relu', tensor));
    backend.dispose(tensor);
  }
  return { before, after: snapshot() };
}

/**
 * SwiftShader flushes denormals to zero in float comparisons: a threshold of 0 must still pass a
 * denormal x > 0 through and replace one below. Returns what differs from the reference's answer.
 */
export async function checkDenormalsAtZeroThreshold(backend: WebGPUBackend): Promise<string[]> {
  const input = Float32Array.of(1e-40, -1e-40, 1.401298464324817e-45, -0, 0, 2);
  const expected = [1e-40, 5, 1.401298464324817e-45, 5, 5, 2].map(Math.fround);
  const failures: string[] = [];
  for (const threshold of [0, -0]) {
    const actual = await backend.forward('threshold', input, { threshold, value: 5 });
    actual.forEach((value, i) => {
      if (!Object.is(value, expected[i])) failures.push(`threshold ${Object.is(threshold, -0) ? '-0' : '0'} at x = ${input[i]}: expected ${expected[i]}, got ${value}`);
    });
  }
  return failures;
}

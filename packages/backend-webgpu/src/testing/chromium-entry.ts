/**
 * The page script of the Chromium test: creates the backend on navigator.gpu and checks every
 * registered activation (built-ins, plugin-smooth, and a plugin registered after the backend)
 * against core's float64 reference, forward and backward (also from a saved forward output), on
 * special values, random inputs, every tail length and per-channel shapes; then core's conformance
 * suite against the CPU backend, a dispatch folded into 2-D and the pool after a long loop
 * (chromium-backend-checks.ts). The outcome is left in `window.rectifyResult`.
 */
import type { ParamValue } from '@rectify/activation-core';
import { analyze, builtinActivations, containsOp, createRegistry, referenceBackward, referenceForward } from '@rectify/activation-core';
import { createCpuBackend } from '@rectify/backend-cpu';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { geluTanhFloat64 } from '../../../../test-support/gelu-tanh-float64.js';
import type { WebGPUBackend } from '../index.js';
import { createWebGPUBackend } from '../index.js';
import { forwardUlpBound, gradientUlpBound, ignoreBelow } from './accuracy-bounds.js';
import { latePlugin } from './late-plugin.js';
import type { DispatchOutcome, PoolOutcome, SuiteOutcome } from './chromium-backend-checks.js';
import { checkDenormalsAtZeroThreshold, checkFoldedDispatch, checkPoolAfterLoop, checkVectorsPerInvocation, runConformanceSuite } from './chromium-backend-checks.js';
import { checkFloat16Tensors } from './float16-checks.js';
import { accuracyGrid, measureForwardUlps, ulpDistance, worstUlps } from './measure-accuracy.js';
import { checkSignTests } from './sign-test-checks.js';
import { checkTrainingAgreement } from './training-agreement.js';

export interface ChromiumResult {
  readonly adapter: string;
  /** The backend's default for this adapter. */
  readonly vectorsPerInvocation?: number;
  /** Calls compared between four vectors per invocation and one (checkVectorsPerInvocation). */
  readonly vectorsChecks?: number;
  /** Activation calls on float16 tensors compared with the CPU's results rounded on the host (checkFloat16Tensors). */
  readonly float16Checks?: number;
  readonly failures: readonly string[];
  /** Largest forward error in ulps per activation on the checked inputs. */
  readonly forwardUlps: Readonly<Record<string, number>>;
  /** The same on a dense grid over [-100, 100] (default parameters). */
  readonly gridUlps: Readonly<Record<string, number>>;
  /**
   * GELU's tanh approximation against its unrounded float64 formula: forward on the grid, derivative
   * on the grid's points outside (-1.5, 0), away from its zero.
   */
  readonly geluTanhUlps: { readonly forward: number; readonly derivative: number };
  readonly checked: number;
  /** Comparisons of training ops (dense layer, backward matmuls, Adam) with the reference. */
  readonly trainingChecks: number;
  /** Core's conformance suite, compared with the CPU backend too. */
  readonly conformance: SuiteOutcome;
  readonly foldedDispatch?: DispatchOutcome;
  readonly pool?: PoolOutcome;
  readonly error?: string;
}

const special = [0, -0, 1, -1, 0.5, -0.5, 2, -2, 1e-3, -1e-3, 1e-30, -1e-30, 10, -10, 20, -20, 50, -50, 88, -88, 100, -100, Infinity, -Infinity, NaN];

function samples(length: number, seed: number, scale: number): Float32Array {
  let state = seed >>> 0;
  return Float32Array.from({ length }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 32 - 0.5) * 2 * scale;
  });
}

async function measureGeluTanh(backend: WebGPUBackend): Promise<ChromiumResult['geluTanhUlps']> {
  const params = { approximate: 'tanh' } as const;
  const grid = accuracyGrid();
  const forward = worstUlps(Array.from(grid, (v) => geluTanhFloat64(v).value), await backend.forward('smooth/gelu', grid, params), ignoreBelow);
  const away = grid.filter((v) => v <= -1.5 || v >= 0);
  const { gradInput } = await backend.backward('smooth/gelu', away, new Float32Array(away.length).fill(1), params);
  return { forward, derivative: worstUlps(Array.from(away, (v) => geluTanhFloat64(v).derivative), gradInput, ignoreBelow) };
}

async function run(): Promise<ChromiumResult> {
  const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
  const backend = await createWebGPUBackend({ registry });
  const cpuBackend = createCpuBackend({ registry, threads: 1 });
  registry.use(latePlugin);
  const failures: string[] = [];
  const forwardUlps: Record<string, number> = {};
  let checked = 0;

  for (const definition of registry.list()) {
    const id = definition.id;
    const exact = ['relu', 'leaky_relu', 'prelu', 'rrelu', 'relu6', 'hardtanh', 'threshold', 'identity', 'late/half_relu'].includes(id);
    const forwardBound = forwardUlpBound(definition, exact);
    const gradientBound = gradientUlpBound(exact);
    let worst = 0;
    const compare = (label: string, expected: ArrayLike<number>, actual: ArrayLike<number>): void => {
      for (let i = 0; i < expected.length; i++) {
        const distance = ulpDistance(Math.fround(expected[i] ?? 0), actual[i] ?? 0, ignoreBelow);
        worst = Math.max(worst, distance);
        if (distance > forwardBound) {
          failures.push(`${id} ${label}[${i}]: expected ${expected[i]}, got ${actual[i]} (${distance} ulp)`);
          return;
        }
      }
    };

    const input = Float32Array.from([...special, ...samples(2000, 1, 4), ...samples(200, 2, 100)]);
    compare('forward', referenceForward(definition, input, {}, { float32Uniforms: true }), await backend.forward(id, input));
    for (const length of [1, 2, 3, 4, 5, 6, 7, 9, 1023]) {
      const tail = samples(length, 3 + length, 3);
      const out = new Float32Array(length + 3).fill(12345);
      await backend.forward(id, tail, {}, { out });
      compare(`tail ${length}`, referenceForward(definition, tail, {}, { float32Uniforms: true }), out.subarray(0, length));
      if (!out.subarray(length).every((value) => value === 12345)) failures.push(`${id}: wrote past ${length} elements`);
    }
    forwardUlps[id] = worst;

    const finite = Float32Array.from([...samples(1000, 4, 3), 0.5, -0.5, 10, -10]);
    const grad = samples(finite.length, 5, 1);
    const compareGradient = (label: string, expected: ArrayLike<number>, actual: Float32Array): void => {
      for (let i = 0; i < finite.length; i++) {
        const e = Math.fround(expected[i] ?? 0);
        const a = actual[i] ?? 0;
        const distance = ulpDistance(e, a, ignoreBelow);
        if (distance > gradientBound && !(Math.abs(a - e) <= gradientBound * 2 ** -23 * Math.abs(grad[i] ?? 0))) {
          failures.push(`${id} ${label}[${i}] at x=${finite[i]}: expected ${e}, got ${a}`);
          return;
        }
      }
    };
    const result = await backend.backward(id, finite, grad);
    const expected = referenceBackward(definition, finite, grad, {}, { float32Uniforms: true });
    compareGradient('gradInput', expected.gradInput, result.gradInput);
    // Scaled, so that only a kernel that reads the given y follows it; others must ignore it.
    const saved = (await backend.forward(id, finite)).map((value) => value * 0.75);
    const fromOutput = await backend.backward(id, finite, grad, {}, { output: saved });
    const expectedFromOutput = containsOp(analyze(definition).derivativeFromOutput, 'output') ? referenceBackward(definition, finite, grad, {}, { float32Uniforms: true, output: saved }).gradInput : result.gradInput;
    compareGradient('gradInput from a saved output', expectedFromOutput, fromOutput.gradInput);
    for (const [name, value] of Object.entries(expected.gradParams)) {
      const got = Number(result.gradParams[name]);
      if (!(Math.abs(got - Number(value)) <= 1e-4 * Math.max(1, Math.abs(Number(value))))) failures.push(`${id} gradParams.${name}: expected ${Number(value)}, got ${got}`);
    }

    const perChannel = Object.entries(definition.params).filter(([, spec]) => spec.perChannel === true);
    for (const shape of perChannel.length === 0 ? [] : [[4, 3], [2, 3, 2, 5]]) {
      const length = shape.reduce((total, size) => total * size, 1);
      const params: Record<string, ParamValue> = Object.fromEntries(perChannel.map(([name, spec]) => [name, Float32Array.from({ length: 3 }, (_, c) => spec.default + 0.1 * (c + 1))]));
      const x = samples(length, 6, 2);
      const g = samples(length, 7, 1);
      compare(`shape ${shape.join('x')}`, referenceForward(definition, x, params, { shape, float32Uniforms: true }), await backend.forward(id, x, params, { shape }));
      const back = await backend.backward(id, x, g, params, { shape });
      const want = referenceBackward(definition, x, g, params, { shape, float32Uniforms: true });
      for (const [name] of perChannel) {
        const wanted = want.gradParams[name];
        const got = back.gradParams[name];
        if (!(wanted instanceof Float64Array) || !(got instanceof Float32Array) || got.length !== 3) {
          failures.push(`${id} gradParams.${name} for shape ${shape.join('x')} is not per channel`);
          continue;
        }
        wanted.forEach((value, c) => {
          if (!(Math.abs((got[c] ?? Number.NaN) - value) <= 1e-4 * Math.max(1, Math.abs(value)))) failures.push(`${id} gradParams.${name}[${c}] shape ${shape.join('x')}: expected ${value}, got ${got[c]}`);
        });
      }
    }
    checked++;
  }
  const gridUlps = await measureForwardUlps(backend, registry, ignoreBelow);
  const geluTanhUlps = await measureGeluTanh(backend);
  const training = await checkTrainingAgreement(backend, registry);
  failures.push(...training.failures);
  failures.push(...(await checkDenormalsAtZeroThreshold(backend)));
  const conformance = await runConformanceSuite(backend, cpuBackend, ignoreBelow);
  const pool = await checkPoolAfterLoop(backend);
  const foldedDispatch = await checkFoldedDispatch(registry);
  const vectors = await checkVectorsPerInvocation(registry, backend);
  failures.push(...vectors.failures);
  const float16 = await checkFloat16Tensors(backend, cpuBackend, registry);
  failures.push(...float16.failures);
  failures.push(...(await checkSignTests(backend, registry)));
  const info = backend.device.adapterInfo;
  const { vectorsPerInvocation } = backend;
  backend.destroy();
  return { adapter: `${info.vendor} ${info.architecture} ${info.description}`.trim(), vectorsPerInvocation, vectorsChecks: vectors.checked, float16Checks: float16.checked, failures, forwardUlps, gridUlps, geluTanhUlps, checked, trainingChecks: training.checks, conformance, foldedDispatch, pool };
}

declare global {
  interface Window {
    rectifyResult?: ChromiumResult;
  }
}

run().then(
  (result) => { window.rectifyResult = result; },
  (error: unknown) => { window.rectifyResult = { adapter: 'none', failures: [], forwardUlps: {}, gridUlps: {}, geluTanhUlps: { forward: Number.NaN, derivative: Number.NaN }, checked: 0, trainingChecks: 0, conformance: { tests: 0, failures: [] }, error: String(error) }; },
);

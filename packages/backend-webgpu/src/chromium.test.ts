import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundlePageScript, runPageScript } from '../../../test-support/chromium-page.js';
import type { ChromiumResult } from './testing/chromium-entry.js';
import { inCI } from './testing/node-gpu.js';

/**
 * Debian's Chromium, headless, with WebGPU on its SwiftShader adapter (core mode): the page bundle
 * runs testing/chromium-entry.ts (an accuracy sweep, core's conformance suite, training ops, a folded
 * dispatch and pool accounting) and leaves its result on the page.
 */
async function runInChromium(): Promise<ChromiumResult | { readonly skipped: string }> {
  const script = await bundlePageScript(fileURLToPath(new URL('./testing/chromium-entry.ts', import.meta.url)));
  return runPageScript<ChromiumResult>(script, { resultName: 'rectifyResult', webgpu: true });
}

const outcome = await runInChromium().catch((error: unknown) => ({ skipped: `Chromium failed to start: ${String(error)}` }));
const skipReason = 'skipped' in outcome ? outcome.skipped : outcome.error?.includes('No WebGPU adapter') === true ? outcome.error : undefined;
if (skipReason !== undefined) {
  if (inCI) throw new Error(`CI=true requires Chromium with a WebGPU adapter: ${skipReason}`);
  console.warn(`Skipping the Chromium test: ${skipReason}`);
}

describe.runIf(skipReason === undefined)('WebGPU in headless Chromium (SwiftShader)', () => {
  it('every registered activation, a late plugin included, matches the float64 reference', () => {
    if ('skipped' in outcome) return;
    console.info(`Chromium adapter: ${outcome.adapter}; forward ulps: ${JSON.stringify(outcome.forwardUlps)}; on [-100, 100]: ${JSON.stringify(outcome.gridUlps)}`);
    expect(outcome.error).toBeUndefined();
    expect(outcome.failures).toEqual([]);
    expect(outcome.checked).toBeGreaterThanOrEqual(19);
    expect(Object.keys(outcome.forwardUlps)).toContain('late/half_relu');
    for (const [id, ulps] of Object.entries(outcome.gridUlps)) expect(ulps, id).toBeLessThanOrEqual(id === 'smooth/gelu' ? 48 : 4);
    console.info(`GELU's tanh approximation against its float64 formula: ${JSON.stringify(outcome.geluTanhUlps)}`);
    expect(outcome.geluTanhUlps.forward).toBeLessThanOrEqual(4);
    expect(outcome.geluTanhUlps.derivative).toBeLessThanOrEqual(8);
  });

  it('a dense layer with a fused activation, the backward matmuls and Adam steps agree with the reference', () => {
    if ('skipped' in outcome) return;
    expect(outcome.error).toBeUndefined();
    expect(outcome.failures.filter((failure) => /dense|matmul|adam|activationBackward/.test(failure))).toEqual([]);
    // 3 activations x (pre-activation, output, backward, 2 matmuls, Adam) plus PReLU's slope gradient.
    expect(outcome.trainingChecks).toBe(19);
  });

  it("core's conformance suite passes in the page, a late plugin and agreement with the CPU backend included", () => {
    if ('skipped' in outcome) return;
    expect(outcome.error).toBeUndefined();
    expect(outcome.conformance.failures).toEqual([]);
    // 20 activations, each with at least the 8 tests that do not depend on its parameters.
    expect(outcome.conformance.tests).toBeGreaterThanOrEqual(20 * 8);
  });

  it('runs one vector per invocation on SwiftShader, where two or four were slower', () => {
    if ('skipped' in outcome) return;
    expect(outcome.adapter).toMatch(/swiftshader/i);
    expect(outcome.vectorsPerInvocation).toBe(1);
  });

  it('computes four vectors per invocation, when asked, with the same bits as one', () => {
    if ('skipped' in outcome) return;
    expect(outcome.error).toBeUndefined();
    // At least 19 activations (a late plugin included, as above) x 12 lengths x forward and backward.
    expect(outcome.vectorsChecks).toBeGreaterThanOrEqual(19 * 12 * 2);
    expect(outcome.failures.filter((failure) => failure.startsWith('vectorsPerInvocation'))).toEqual([]);
  });

  it('runs every registered activation on float16 tensors, rounding in the kernel as the host does', () => {
    if ('skipped' in outcome) return;
    expect(outcome.error).toBeUndefined();
    // At least 19 activations (a late plugin included) and leaky_relu at 4 slopes.
    expect(outcome.float16Checks).toBeGreaterThanOrEqual(19 + 4);
    expect(outcome.failures.filter((failure) => failure.startsWith('float16'))).toEqual([]);
  });

  it('folds a dispatch of more workgroups than one dimension holds, and computes every element', () => {
    if ('skipped' in outcome) return;
    expect(outcome.foldedDispatch?.mismatches).toBe(0);
    expect(outcome.foldedDispatch?.workgroups).toBeGreaterThan(outcome.foldedDispatch?.maxPerDimension ?? Number.POSITIVE_INFINITY);
  });

  it('returns every buffer to the pool after a long loop of calls', () => {
    if ('skipped' in outcome) return;
    expect(outcome.pool).toBeDefined();
    expect(outcome.pool?.after).toEqual(outcome.pool?.before);
  });
});

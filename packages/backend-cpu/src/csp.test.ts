import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundlePageScript, runPageScript } from '../../../test-support/chromium-page.js';
import type { CspResult } from './testing/csp-entry.js';

/**
 * Debian's Chromium, headless, on a page served with `Content-Security-Policy: script-src 'self'`
 * (no 'unsafe-eval', no 'wasm-unsafe-eval'): the CPU backend must notice it cannot compile
 * WebAssembly, fall back to its interpreter, say so, and still compute every activation correctly.
 * The same page without the policy is the control: there the backend compiles WebAssembly SIMD,
 * with relaxed SIMD's multiply-add, which Chromium offers.
 */
const inCI = process.env['CI'] === 'true';
const strictPolicy = "default-src 'none'; script-src 'self'";
const script = await bundlePageScript(fileURLToPath(new URL('./testing/csp-entry.ts', import.meta.url)));
const runPage = (policy: string | undefined): Promise<CspResult | { readonly skipped: string }> =>
  runPageScript<CspResult>(script, { resultName: 'rectifyCspResult', ...(policy === undefined ? {} : { headers: { 'content-security-policy': policy } }) });

const failed = (error: unknown): { skipped: string } => ({ skipped: `Chromium failed to start: ${String(error)}` });
const strict = await runPage(strictPolicy).catch(failed);
const open = await runPage(undefined).catch(failed);
const skipReason = 'skipped' in strict ? strict.skipped : 'skipped' in open ? open.skipped : undefined;
if (skipReason !== undefined) {
  if (inCI) throw new Error(`CI=true requires Chromium for the Content-Security-Policy test: ${skipReason}`);
  console.warn(`Skipping the Content-Security-Policy test: ${skipReason}`);
}

describe.runIf(skipReason === undefined)('the CPU backend under a strict Content-Security-Policy (headless Chromium)', () => {
  it('the policy is in force: the page can neither compile WebAssembly nor evaluate strings', () => {
    if ('skipped' in strict) return;
    expect(strict.error).toBeUndefined();
    expect(strict.wasmCompiles).toBe(false);
    expect(strict.evalRuns).toBe(false);
  });

  it('falls back to the interpreter, reports it, and computes every activation within its bounds', () => {
    if ('skipped' in strict) return;
    expect(strict.engine).toBe('interpreter');
    expect(strict.relaxedSimd).toBe(false);
    expect(strict.failures).toEqual([]);
    expect(strict.checked).toEqual(expect.arrayContaining(['relu', 'leaky_relu', 'prelu', 'elu', 'selu', 'rrelu', 'smooth/gelu', 'smooth/silu', 'smooth/mish', 'smooth/softplus']));
  });

  it("without the policy the same page compiles WebAssembly SIMD, with relaxed SIMD's multiply-add (Chromium has it), and agrees too", () => {
    if ('skipped' in open) return;
    expect(open.wasmCompiles).toBe(true);
    expect(open.engine).toBe('wasm-simd');
    expect(open.relaxedSimd).toBe(true);
    expect(open.failures).toEqual([]);
    expect(open.checked).toEqual('skipped' in strict ? open.checked : strict.checked);
  });
});

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CspResult } from './testing/csp-entry.js';

/**
 * Debian's Chromium, headless, on a page served with `Content-Security-Policy: script-src 'self'`
 * (no 'unsafe-eval', no 'wasm-unsafe-eval'): the CPU backend must notice it cannot compile
 * WebAssembly, fall back to its interpreter, say so, and still compute every activation correctly.
 * The same page without the policy is the control: there the backend compiles WebAssembly SIMD.
 */
const inCI = process.env['CI'] === 'true';
const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const browserArgs = ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const strictPolicy = "default-src 'none'; script-src 'self'";

async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./testing/csp-entry.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@rectify/source'],
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

async function runPage(policy: string | undefined): Promise<CspResult | { skipped: string }> {
  if (!existsSync(executablePath)) return { skipped: `no Chromium at ${executablePath}` };
  const script = await bundle();
  const headers = (type: string): Record<string, string> => ({ 'content-type': type, ...(policy === undefined ? {} : { 'content-security-policy': policy }) });
  const server = createServer((request, response) => {
    if (request.url === '/bundle.js') response.writeHead(200, headers('text/javascript')).end(script);
    else response.writeHead(200, headers('text/html')).end('<!doctype html><meta charset="utf-8"><title>csp</title><script type="module" src="/bundle.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const profile = mkdtempSync(join(tmpdir(), 'rectify-csp-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath, args: browserArgs, headless: true });
  try {
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => window.rectifyCspResult !== undefined, undefined, { timeout: 120_000 });
    const result = await page.evaluate(() => window.rectifyCspResult);
    if (result === undefined) throw new Error('the page reported nothing');
    return result;
  } finally {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

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
    expect(strict.failures).toEqual([]);
    expect(strict.checked).toEqual(expect.arrayContaining(['relu', 'leaky_relu', 'prelu', 'elu', 'selu', 'rrelu', 'smooth/gelu', 'smooth/silu', 'smooth/mish', 'smooth/softplus']));
  });

  it('without the policy the same page compiles WebAssembly SIMD and agrees too', () => {
    if ('skipped' in open) return;
    expect(open.wasmCompiles).toBe(true);
    expect(open.engine).toBe('wasm-simd');
    expect(open.failures).toEqual([]);
    expect(open.checked).toEqual('skipped' in strict ? open.checked : strict.checked);
  });
});

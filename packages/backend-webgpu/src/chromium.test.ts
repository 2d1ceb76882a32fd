import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ChromiumResult } from './testing/chromium-entry.js';
import { inCI } from './testing/node-gpu.js';

/**
 * Debian's Chromium, headless, with WebGPU on its SwiftShader adapter (core mode): the page bundle
 * runs the compact conformance check of testing/chromium-entry.ts and leaves its result on the page.
 */
const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const browserArgs = ['--enable-unsafe-webgpu', '--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./testing/chromium-entry.ts', import.meta.url))],
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

async function runInChromium(): Promise<ChromiumResult | { skipped: string }> {
  if (!existsSync(executablePath)) return { skipped: `no Chromium at ${executablePath}` };
  const script = await bundle();
  const server = createServer((request, response) => {
    if (request.url === '/bundle.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><meta charset="utf-8"><script type="module" src="/bundle.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const profile = mkdtempSync(join(tmpdir(), 'rectify-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath, args: browserArgs, headless: true });
  try {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => window.rectifyResult !== undefined, undefined, { timeout: 120_000 });
    const result = await page.evaluate(() => window.rectifyResult);
    if (result === undefined) throw new Error('the page reported nothing');
    return result;
  } finally {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
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
    for (const [id, ulps] of Object.entries(outcome.gridUlps)) expect(ulps, id).toBeLessThanOrEqual(id === 'smooth/gelu' ? 160 : 4);
  });

  it('a dense layer with a fused activation, the backward matmuls and Adam steps agree with the reference', () => {
    if ('skipped' in outcome) return;
    expect(outcome.error).toBeUndefined();
    expect(outcome.failures.filter((failure) => /dense|matmul|adam|activationBackward/.test(failure))).toEqual([]);
    // 3 activations x (pre-activation, output, backward, 2 matmuls, Adam) plus PReLU's slope gradient.
    expect(outcome.trainingChecks).toBe(19);
  });
});

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

/** Debian's Chromium unless CHROMIUM_PATH names another; tests never download a browser. */
export const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const headlessArgs = ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Bundles a page script from the workspace's TypeScript sources (the `@rectify/source` condition) for browsers. */
export async function bundlePageScript(entry: string): Promise<string> {
  const result = await build({ entryPoints: [entry], bundle: true, write: false, format: 'esm', platform: 'browser', target: 'es2022', conditions: ['@rectify/source'], logLevel: 'silent' });
  return result.outputFiles[0]?.text ?? '';
}

export interface PageScriptOptions {
  /** The `window` property the script sets to its result when done. */
  readonly resultName: string;
  /** Response headers of the page and the script, e.g. a Content-Security-Policy. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Launch with `--enable-unsafe-webgpu` (SwiftShader's adapter). */
  readonly webgpu?: boolean;
  /** How long the script may take to leave its result (default two minutes). */
  readonly timeoutMs?: number;
}

/**
 * Serves `script` as the module of an empty page on localhost, opens it in headless Chromium and
 * returns what the script leaves in `window[resultName]`; `{ skipped }` when there is no Chromium.
 */
export async function runPageScript<T>(script: string, options: PageScriptOptions): Promise<T | { readonly skipped: string }> {
  if (!existsSync(chromiumPath)) return { skipped: `no Chromium at ${chromiumPath}` };
  const headers = (type: string): Record<string, string> => ({ 'content-type': type, ...options.headers });
  const server = createServer((request, response) => {
    if (request.url === '/bundle.js') response.writeHead(200, headers('text/javascript')).end(script);
    else response.writeHead(200, headers('text/html')).end('<!doctype html><meta charset="utf-8"><title>test</title><script type="module" src="/bundle.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const profile = mkdtempSync(join(tmpdir(), 'rectify-chromium-'));
  const args = options.webgpu === true ? ['--enable-unsafe-webgpu', ...headlessArgs] : headlessArgs;
  const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, args, headless: true });
  try {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction((name) => Reflect.get(window, name) !== undefined, options.resultName, { timeout: options.timeoutMs ?? 120_000 });
    const result = (await page.evaluate((name) => Reflect.get(window, name) as unknown, options.resultName)) as T | undefined;
    if (result === undefined) throw new Error('the page reported nothing');
    return result;
  } finally {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

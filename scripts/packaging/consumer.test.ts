import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConsumerProject } from './consumer-project.js';
import { consumerProject } from './consumer-project.js';
import { cleanEnv, run } from './exec.js';

/**
 * The published packages as a user gets them: tarballs from `pnpm pack`, installed with npm into a
 * project outside the workspace (scripts/packaging/consumer-project.ts), then used from a Node script
 * and from a browser page bundled by Vite and run in headless Chromium on WebGPU.
 */
const inCI = process.env['CI'] === 'true';
const minutes = 60_000;

let project: ConsumerProject;
beforeAll(async () => {
  project = await consumerProject();
  console.info(`consumer project: npm install of ${project.packages.length} tarballs and the dev tools took ${project.installSeconds.toFixed(1)} s`);
}, 15 * minutes);

interface NodeConsumerResult {
  readonly ids: readonly string[];
  readonly engine: string;
  readonly activations: Readonly<Record<string, { readonly forwardError: number; readonly backwardError: number }>>;
  readonly unknownId: string | undefined;
  readonly training: { readonly losses: readonly (number | null)[]; readonly testAccuracy: number; readonly steps: number };
}

describe('a Node project using the packed tarballs', () => {
  it('registers the smooth plugin, runs forward and backward on the CPU backend and trains a model', { timeout: 2 * minutes }, async () => {
    const { stdout } = await run(process.execPath, ['consumer/node-consumer.mjs'], { cwd: project.dir, env: cleanEnv() });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as NodeConsumerResult;
    expect(result.ids).toEqual(expect.arrayContaining(['relu', 'prelu', 'smooth/gelu', 'smooth/silu', 'smooth/mish']));
    expect(result.engine).toBe('wasm-simd');
    for (const [id, errors] of Object.entries(result.activations)) {
      expect(errors.forwardError, `${id} forward`).toBeLessThan(2e-5);
      expect(errors.backwardError, `${id} backward`).toBeLessThan(2e-5);
    }
    expect(Object.keys(result.activations)).toEqual(['smooth/gelu', 'smooth/silu', 'leaky_relu']);
    expect(result.unknownId).toBe('UNKNOWN_ACTIVATION');
    // The first record is the untrained model (no training loss), then one per epoch.
    const losses = result.training.losses.filter((loss): loss is number => typeof loss === 'number');
    expect(losses).toHaveLength(10);
    expect(losses.at(-1)).toBeLessThan(0.7 * (losses[0] ?? 0));
    expect(result.training.testAccuracy).toBeGreaterThan(0.75);
  });

  it('installs the rectify-train command', { timeout: minutes }, async () => {
    const { stdout } = await run(join(project.dir, 'node_modules', '.bin', 'rectify-train'), ['--help'], { cwd: project.dir, env: cleanEnv() });
    expect(stdout).toMatch(/rectify-train/);
  });
});

// ---------------------------------------------------------------------------------------------------
// The browser: Vite (installed in the project) bundles consumer/browser; Debian's Chromium runs it.

const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const browserArgs = ['--enable-unsafe-webgpu', '--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

type PageResult =
  | { readonly checks: Readonly<Record<string, { readonly length: number; readonly forwardError: number; readonly backwardError: number }>> }
  | { readonly noAdapter: string }
  | { readonly error: string };

declare global {
  interface Window {
    rectifyConsumerResult?: PageResult;
  }
}

const contentTypes: Readonly<Record<string, string>> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

async function runPage(siteDir: string): Promise<PageResult> {
  const server = createServer((request, response) => {
    const path = normalize(join(siteDir, (request.url ?? '/').split('?')[0] ?? '/'));
    const file = path.endsWith('/') ? join(path, 'index.html') : path;
    if (!file.startsWith(siteDir) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const profile = mkdtempSync(join(tmpdir(), 'rectify-consumer-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, { executablePath, args: browserArgs, headless: true });
    try {
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction(() => window.rectifyConsumerResult !== undefined, undefined, { timeout: 120_000 }).catch((error: unknown) => {
        throw new Error(`The page reported nothing (${String(error)}); page errors: ${pageErrors.join('; ') || 'none'}`);
      });
      const result = await page.evaluate(() => window.rectifyConsumerResult);
      if (result === undefined) throw new Error('The page reported nothing.');
      return result;
    } finally {
      await context.close();
    }
  } finally {
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

describe('a browser page bundled by Vite from the packed tarballs', () => {
  it('computes activations on WebGPU in headless Chromium', { timeout: 5 * minutes }, async (context) => {
    const skip = (reason: string): void => {
      if (inCI) throw new Error(`CI=true requires Chromium with a WebGPU adapter: ${reason}`);
      console.warn(`Skipping the browser consumer test: ${reason}`);
      context.skip(reason);
    };
    if (!existsSync(executablePath)) {
      skip(`no Chromium at ${executablePath}`);
      return;
    }
    const siteDir = join(project.dir, 'consumer', 'site');
    await run(process.execPath, [join('node_modules', 'vite', 'bin', 'vite.js'), 'build', 'consumer/browser', '--outDir', siteDir, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: project.dir,
      env: cleanEnv(),
    });
    const bundle = readFileSync(join(siteDir, 'index.html'), 'utf8');
    expect(bundle).toMatch(/<script type="module"[^>]+src="\/assets\/[^"]+\.js"/);

    const result = await runPage(siteDir);
    if ('noAdapter' in result) {
      skip(result.noAdapter);
      return;
    }
    if ('error' in result) throw new Error(`The page failed: ${result.error}`);
    expect(Object.keys(result.checks)).toEqual(['elu', 'smooth/gelu', 'smooth/mish']);
    for (const [id, check] of Object.entries(result.checks)) {
      expect(check.length, id).toBe(1031);
      // GELU is held to 160 ulp in backend-webgpu's accuracy bounds, about 1e-5 relative.
      expect(check.forwardError, `${id} forward`).toBeLessThan(3e-5);
      expect(check.backwardError, `${id} backward`).toBeLessThan(3e-5);
    }
  });
});

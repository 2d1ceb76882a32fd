import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PlaygroundState } from '../playground/playground-state.js';
import { defaultState } from '../playground/playground-state.js';
import { presetById } from '../playground/presets.js';
import { decodeState, encodeState } from '../playground/url-state.js';
import { createSiteRegistry } from '../site/site-registry.js';
import type { OpenedPage } from './chromium.js';
import { artefacts, browserArgs, executablePath, inCI, openPage } from './chromium.js';

/**
 * The playground of the built site in real headless Chromium: on WebGPU (SwiftShader, with
 * --enable-unsafe-webgpu), on the CPU fallback (navigator.gpu removed before the page loads), and
 * restored from a shared URL. Registered by site.test.ts, which builds and serves the site once.
 */

const registry = createSiteRegistry();

/** One hidden layer of 6, batches of 20: 10 SGD steps an epoch, quick even on SwiftShader. */
const small: PlaygroundState = { ...defaultState, dataset: 'circles', hidden: [6], activations: [{ id: 'relu', params: {} }], learningRate: 0.5, batchSize: 20, backend: 'auto' };
const epochsToTrain = 6;

interface Losses {
  readonly epoch: number;
  readonly train: number;
  readonly test: number;
}

async function losses(page: Page): Promise<Losses> {
  const value = async (testId: string): Promise<number> => Number(await page.getByTestId(testId).getAttribute('data-value'));
  return { epoch: Number(await page.getByTestId('epoch').textContent()), train: await value('train-loss'), test: await value('test-loss') };
}

const status = (page: Page): Promise<string | null> => page.getByTestId('playground').getAttribute('data-status');

/** Waits for epoch 0 on the backend the label names. */
async function waitUntilReady(page: Page, backend: 'webgpu' | 'cpu'): Promise<void> {
  // Creating the WebGPU pipelines on SwiftShader takes a few seconds.
  await expect.poll(() => page.getByTestId('backend-label').getAttribute('data-backend'), { timeout: 60_000 }).toBe(backend);
  await expect.poll(() => status(page), { timeout: 60_000 }).toBe('ready');
}

/** Start, wait for `epochs` epochs, pause: the losses before and after, and the time it took. */
async function train(page: Page, epochs: number): Promise<{ before: Losses; after: Losses; seconds: number }> {
  const before = await losses(page);
  const started = performance.now();
  await page.getByTestId('start').click();
  await page.waitForFunction((target) => Number(document.querySelector('[data-testid="epoch"]')?.textContent) >= target, epochs, { timeout: 90_000 });
  await page.getByTestId('pause').click();
  await expect.poll(() => status(page), { timeout: 30_000 }).toBe('paused');
  return { before, after: await losses(page), seconds: (performance.now() - started) / 1000 };
}

async function controlValues(page: Page, testIds: readonly string[]): Promise<Record<string, string>> {
  const entries = await Promise.all(testIds.map(async (testId) => [testId, await page.getByTestId(testId).inputValue()] as const));
  return Object.fromEntries(entries);
}

const saveScreenshot = async (page: Page, name: string): Promise<void> => {
  mkdirSync(artefacts, { recursive: true });
  writeFileSync(join(artefacts, name), await page.screenshot({ fullPage: true }));
};

export function describePlayground(site: () => { readonly browser: Browser; readonly origin: string }): void {
  let gpuBrowser: Browser | undefined;
  let noAdapter: string | undefined;

  beforeAll(async () => {
    gpuBrowser = await chromium.launch({ executablePath, args: [...browserArgs, '--enable-unsafe-webgpu'], headless: true });
    const page = await gpuBrowser.newPage();
    try {
      // A secure context (the served site) exposes navigator.gpu.
      await page.goto(`${site().origin}/`);
      const adapter = await page.evaluate(async () => {
        const gpu = (navigator as { gpu?: { requestAdapter(options?: object): Promise<unknown> } }).gpu;
        if (gpu === undefined) return 'navigator.gpu is undefined';
        const found = (await gpu.requestAdapter()) ?? (await gpu.requestAdapter({ featureLevel: 'compatibility' }));
        return found === null ? 'requestAdapter() gave no adapter' : undefined;
      });
      noAdapter = adapter === undefined ? undefined : `Chromium with --enable-unsafe-webgpu has no WebGPU adapter: ${adapter}`;
    } finally {
      await page.close();
    }
    if (noAdapter !== undefined) {
      if (inCI) throw new Error(`CI=true requires WebGPU in Chromium for the playground test: ${noAdapter}`);
      console.warn(`Skipping the playground's WebGPU test: ${noAdapter}`);
    }
  }, 60_000);

  afterAll(async () => {
    await gpuBrowser?.close();
  });

  it('trains on WebGPU, says so, and the loss falls', async (context) => {
    if (noAdapter !== undefined || gpuBrowser === undefined) {
      context.skip(noAdapter);
      return;
    }
    const { page, problems } = await openPage(gpuBrowser, site().origin, `/playground?${encodeState(small)}`);
    try {
      await waitUntilReady(page, 'webgpu');
      expect(await page.getByTestId('backend-label').textContent()).toBe('Backend: WebGPU');
      expect(await page.locator('[data-testid^="unit-0-"]').count()).toBe(6);
      const boundary = page.getByTestId('decision-boundary');
      const boundaryBefore = await boundary.screenshot();

      const { before, after, seconds } = await train(page, epochsToTrain);
      console.info(`playground on WebGPU (SwiftShader): ${after.epoch} epochs of 10 steps in ${seconds.toFixed(1)} s; test loss ${before.test.toFixed(3)} → ${after.test.toFixed(3)}`);
      expect(before.epoch).toBe(0);
      expect(after.epoch).toBeGreaterThanOrEqual(epochsToTrain);
      expect(after.train).toBeLessThan(before.train * 0.8);
      expect(after.test).toBeLessThan(before.test * 0.8);
      expect((await boundary.screenshot()).equals(boundaryBefore)).toBe(false);
      for (const chart of ['loss-chart', 'gradient-chart']) await page.getByTestId(chart).locator('canvas').first().waitFor();
      expect(await page.getByTestId('layer-0-stats').textContent()).toMatch(/dead \d+% \(died \d+%, revived \d+%\)/);
      await saveScreenshot(page, 'playground.png');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 180_000);

  it('falls back to the CPU backend where the browser has no WebGPU, says so, and the loss falls', async () => {
    const { page, problems } = await openPage(site().browser, site().origin, `/playground?${encodeState(small)}`, async (fresh) => {
      await fresh.addInitScript(() => {
        // A browser without WebGPU: the page sees no navigator.gpu at all.
        Reflect.deleteProperty(Navigator.prototype, 'gpu');
      });
    });
    try {
      expect(await page.evaluate(() => 'gpu' in navigator)).toBe(false);
      await waitUntilReady(page, 'cpu');
      expect(await page.getByTestId('backend-label').textContent()).toMatch(/^Backend: CPU \((wasm-simd|interpreter)\): WebGPU unavailable \(this browser has no navigator\.gpu\)$/);
      const { before, after, seconds } = await train(page, epochsToTrain);
      console.info(`playground on the CPU fallback: ${after.epoch} epochs in ${seconds.toFixed(1)} s; test loss ${before.test.toFixed(3)} → ${after.test.toFixed(3)}`);
      expect(after.train).toBeLessThan(before.train * 0.8);
      expect(after.test).toBeLessThan(before.test * 0.8);
      await saveScreenshot(page, 'playground-cpu-fallback.png');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('restores a shared setup from its URL, keeps the URL in step with the controls, and trains it the same way', async () => {
    const shared: PlaygroundState = {
      dataset: 'xor',
      noise: 0.2,
      hidden: [5, 3],
      activations: [
        { id: 'smooth/gelu', params: {} },
        { id: 'leaky_relu', params: { alpha: 0.2 } },
      ],
      init: 'xavier_uniform',
      learningRate: 0.05,
      batchSize: 16,
      l1: 0.001,
      l2: 0.002,
      dropout: 0.1,
      clipNorm: 2,
      seed: 7,
      backend: 'cpu',
    };
    const controls = {
      'control-dataset': 'xor',
      'control-noise': '0.2',
      'control-seed': '7',
      'layer-0-width': '5',
      'layer-0-activation': 'smooth/gelu',
      'layer-0-param-approximate': '0',
      'layer-1-width': '3',
      'layer-1-activation': 'leaky_relu',
      'layer-1-param-alpha': '0.2',
      'control-init': 'xavier_uniform',
      'control-lr': '0.05',
      'control-batch': '16',
      'control-l1': '0.001',
      'control-l2': '0.002',
      'control-dropout': '0.1',
      'control-clip': '2',
      'control-backend': 'cpu',
    };
    const pages: OpenedPage[] = [];
    const open = async (path: string): Promise<Page> => {
      const opened = await openPage(site().browser, site().origin, path);
      pages.push(opened);
      await waitUntilReady(opened.page, 'cpu');
      return opened.page;
    };
    try {
      const first = await open(`/playground?${encodeState(shared)}`);
      expect(await controlValues(first, Object.keys(controls))).toEqual(controls);
      // Every registered activation is offered: the built-ins and the plugins of rectify.config.ts.
      const offered = await first.getByTestId('layer-0-activation').locator('option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
      expect(offered).toEqual(registry.list().map((definition) => definition.id));
      expect(offered).toContain('smooth/mish');
      expect(await first.locator('[data-testid^="unit-0-"]').count()).toBe(5);
      expect(await first.locator('[data-testid^="unit-1-"]').count()).toBe(3);
      expect(decodeState(new URL(first.url()).search, registry)).toEqual({ state: shared, problems: [] });
      expect(await first.getByTestId('url-problems').count()).toBe(0);

      // A change in a control is in the address at once.
      await first.getByTestId('control-lr').fill('0.2');
      await first.getByTestId('control-lr').press('Tab');
      await expect.poll(() => new URL(first.url()).searchParams.get('lr')).toBe('0.2');
      await expect.poll(() => status(first)).toBe('ready');

      // The shared address gives the same controls and, seeded, the same training.
      const second = await open(new URL(first.url()).pathname + new URL(first.url()).search);
      expect(await controlValues(second, Object.keys(controls))).toEqual({ ...controls, 'control-lr': '0.2' });
      for (const page of [first, second]) {
        await page.getByTestId('step').click();
        await page.getByTestId('step').click();
        await expect.poll(() => page.getByTestId('epoch').textContent()).toBe('2');
      }
      expect(await losses(second)).toEqual(await losses(first));

      // A preset replaces the whole setup, and the address with it.
      await first.getByTestId('preset-leaky-relu').click();
      await expect.poll(() => decodeState(new URL(first.url()).search, registry).state).toEqual(presetById('leaky-relu')?.state);
      expect(new URL(first.url()).searchParams.get('act')).toBe('leaky_relu(alpha=0.1),leaky_relu(alpha=0.1),leaky_relu(alpha=0.1)');
      await expect.poll(() => first.locator('[data-testid^="unit-2-"]').count()).toBe(8);
      expect(await first.getByTestId('preset-description').textContent()).toContain('leaky ReLU');

      for (const { problems } of pages) expect(problems).toEqual([]);
    } finally {
      for (const { page } of pages) await page.close();
    }
  }, 120_000);

  it('names the values of a bad link it cannot use, and shows and links the defaults instead', async () => {
    const { page, problems } = await openPage(site().browser, site().origin, '/playground?lr=fast&layers=8,x&act=swish&backend=cpu&colour=red');
    try {
      await waitUntilReady(page, 'cpu');
      const message = page.getByTestId('url-problems');
      expect(await message.isVisible()).toBe(true);
      const text = await message.textContent();
      expect(text).toContain('lr: "fast" is not a number; using the default 0.1.');
      expect(text).toContain('layers: "8,x" is not a comma-separated list of widths');
      expect(text).toContain('act: layer 1: "swish" is not a registered activation. Using relu.');
      expect(text).toContain('Unknown setting "colour" ignored.');
      expect(await controlValues(page, ['control-lr', 'layer-0-width', 'layer-0-activation', 'layer-1-activation'])).toEqual({
        'control-lr': String(defaultState.learningRate),
        'layer-0-width': '8',
        'layer-0-activation': 'relu',
        'layer-1-activation': 'relu',
      });
      // The address now holds what runs, so sharing it shares a working setup.
      expect(decodeState(new URL(page.url()).search, registry)).toEqual({ state: { ...defaultState, backend: 'cpu' }, problems: [] });
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
}

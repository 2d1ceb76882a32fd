import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivationPageData } from '../generate/activation-page-data.js';
import { activationPath, createSiteRegistry } from '../site/site-registry.js';
import { siteConfig } from '../site/vitepress-config.js';
import { buildSite, docsRoot, siteOutput } from './build-site.js';
import type { OpenedPage } from './chromium.js';
import { artefacts, browserArgs, chromiumMissing, executablePath, inCI, openPage as openPageIn } from './chromium.js';
import { describePlayground } from './playground-e2e.js';
import type { StaticServer } from './static-server.js';
import { serveStatic } from './static-server.js';

if (chromiumMissing !== undefined) {
  if (inCI) throw new Error(`CI=true requires Chromium for the documentation site tests: ${chromiumMissing}`);
  console.warn(`Skipping the documentation site's browser tests: ${chromiumMissing}`);
}

let buildOutput = '';
let server: StaticServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  buildOutput = await buildSite();
  server = await serveStatic(siteOutput);
  if (chromiumMissing === undefined) browser = await chromium.launch({ executablePath, args: browserArgs, headless: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const generatedPages = (): ActivationPageData[] => JSON.parse(readFileSync(join(docsRoot, '.generated', 'activations.json'), 'utf8')) as ActivationPageData[];

/** The built site and the browser, once beforeAll has started them. */
function site(): { browser: Browser; origin: string } {
  if (browser === undefined || server === undefined) throw new Error('the browser or the server did not start');
  return { browser, origin: server.origin };
}

const openPage = (path: string): Promise<OpenedPage> => openPageIn(site().browser, site().origin, path);

describe('the documentation site build', () => {
  it('builds every registered activation into a page, with dead links checked', () => {
    expect(buildOutput).toContain('build complete');
    // VitePress fails the build on a dead link unless told otherwise.
    expect(siteConfig().ignoreDeadLinks).toBeUndefined();
    const ids = generatedPages().map((page) => page.id);
    expect(ids).toEqual(createSiteRegistry().list().map((definition) => definition.id));
    expect(ids).toEqual(expect.arrayContaining(['relu', 'leaky_relu', 'prelu', 'elu', 'selu', 'relu6', 'smooth/gelu', 'smooth/silu', 'smooth/mish']));
    for (const id of ids) expect(existsSync(join(siteOutput, `${activationPath(id)}.html`)), id).toBe(true);
  });
});

describe.runIf(chromiumMissing === undefined)('the built site in headless Chromium', () => {
  it('renders every generated activation page with its formula and plot and no console errors', async () => {
    for (const activation of generatedPages()) {
      const { page, problems } = await openPage(activationPath(activation.id));
      try {
        await page.locator('[data-testid="activation-chart"] canvas').waitFor({ timeout: 10_000 });
        // VitePress appends a zero-width header anchor to headings.
        expect((await page.locator('h1').first().textContent())?.replace('\u200b', '').trim()).toBe(activation.name);
        expect(await page.locator('.katex-display').count(), activation.id).toBeGreaterThan(0);
        expect(problems, activation.id).toEqual([]);
      } finally {
        await page.close();
      }
    }
  }, 120_000);

  it('renders the guides and concept pages, with every live widget drawn, and no console errors', async () => {
    const paths = [
      '/',
      '/activations/',
      '/guide/getting-started',
      '/guide/backends',
      '/guide/trainer',
      '/guide/plugin-authors',
      '/guide/benchmarks',
      '/concepts/non-linearity',
      '/concepts/sparsity',
      '/concepts/vanishing-gradients',
      '/concepts/dying-relu',
      '/concepts/exploding-gradients',
      '/concepts/subgradients',
      '/concepts/initialisation',
      '/concepts/regularisation',
      '/reference/',
    ];
    for (const path of paths) {
      const { page, problems } = await openPage(path);
      try {
        const widgets = page.locator('.widget');
        const widgetCount = await widgets.count();
        for (let index = 0; index < widgetCount; index++) await widgets.nth(index).locator('canvas').first().waitFor({ timeout: 10_000 });
        expect(problems, path).toEqual([]);
      } finally {
        await page.close();
      }
    }
    const guides = await openPage('/guide/trainer');
    try {
      // The CLI reference is the text rectify-train --help prints, and the crossover chart draws the committed measurement.
      expect(await guides.page.locator('pre', { hasText: '--early-stopping PATIENCE' }).count()).toBeGreaterThan(0);
      await guides.page.goto(`${guides.page.url().replace(/\/guide\/trainer.*$/, '')}/guide/backends`, { waitUntil: 'networkidle' });
      await guides.page.locator('[data-testid="crossover-chart"] canvas').waitFor({ timeout: 10_000 });
      await guides.page.goto(`${guides.page.url().replace(/\/guide\/backends.*$/, '')}/guide/benchmarks`, { waitUntil: 'networkidle' });
      expect(await guides.page.locator('h2', { hasText: '@rectify/trainer' }).count()).toBe(1);
      expect(guides.problems).toEqual([]);
    } finally {
      await guides.page.close();
    }
    const dying = await openPage('/concepts/dying-relu');
    try {
      await dying.page.locator('[data-testid="dying-relu-run"]').click();
      await dying.page.locator('[data-testid="dying-relu-status"]', { hasText: 'done: 30 epochs each' }).waitFor({ timeout: 60_000 });
      expect(dying.problems).toEqual([]);
    } finally {
      await dying.page.close();
    }
    const { page } = await openPage('/concepts/subgradients');
    try {
      // relu's kink: slope 0 just left, 1 just right, 0 used (PyTorch's convention).
      await expect.poll(async () => page.locator('[data-testid="subgradient-table"] tr', { hasText: 'ReLU' }).first().textContent()).toBe('ReLU0010');
    } finally {
      await page.close();
    }
  }, 120_000);

  it('redraws the plot and the kink readout when a parameter slider moves', async () => {
    const { page, problems } = await openPage(activationPath('leaky_relu'));
    try {
      const chart = page.locator('[data-testid="activation-chart"]');
      await chart.locator('canvas').waitFor();
      const readout = page.locator('[data-testid="kink-readout"]');
      expect(await readout.textContent()).toContain("f' used there = 0.01");
      const before = await chart.screenshot();

      await page.locator('[data-testid="param-alpha"]').fill('0.5');
      await expect.poll(async () => readout.textContent()).toContain("f' used there = 0.5");
      const after = await chart.screenshot();
      expect(after.equals(before)).toBe(false);

      mkdirSync(artefacts, { recursive: true });
      writeFileSync(join(artefacts, 'activation-leaky_relu.png'), await page.screenshot({ fullPage: true }));
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});

describe.runIf(chromiumMissing === undefined)('the training playground in headless Chromium', () => {
  describePlayground(site);
});

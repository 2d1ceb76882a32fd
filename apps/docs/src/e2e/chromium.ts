import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { repositoryRoot } from './build-site.js';

export const inCI = process.env['CI'] === 'true';
export const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const browserArgs = ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** Screenshots of the tests, kept for people to look at. */
export const artefacts = join(repositoryRoot, 'test-results', 'docs');

/** Why the browser tests cannot run, or undefined when they can. */
export const chromiumMissing = existsSync(executablePath) ? undefined : `no Chromium at ${executablePath}`;

export interface OpenedPage {
  readonly page: Page;
  /** Every console error, uncaught exception and failed request on the page so far. */
  readonly problems: string[];
}

/** Opens a page and collects every console error, uncaught exception and failed request on it. */
export async function openPage(browser: Browser, origin: string, path: string, beforeNavigation?: (page: Page) => Promise<void>): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`exception: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await beforeNavigation?.(page);
  await page.goto(`${origin}${path}`, { waitUntil: 'networkidle' });
  return { page, problems };
}

import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

const prefix = 'rectify-packaging-';
const day = 24 * 60 * 60 * 1000;

/** Folders of runs that were killed before their teardown (a consumer project holds ~250 MB). */
function removeStaleRunFolders(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(prefix)) continue;
    const path = join(tmpdir(), name);
    try {
      if (Date.now() - statSync(path).mtimeMs > day) rmSync(path, { recursive: true, force: true });
    } catch {
      // Another run removed it, or it is not ours to remove.
    }
  }
}

/**
 * One folder per test run for the packaging tests: the packed tarballs and the consumer project are
 * made there once (scripts/packaging/run-cache.ts) and shared by every test file. Removed after the
 * run unless RECTIFY_KEEP_PACKAGING=1 (its path is printed then).
 */
export default function setup(project: TestProject): () => void {
  removeStaleRunFolders();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  project.provide('packagingRunDir', dir);
  return () => {
    if (process.env['RECTIFY_KEEP_PACKAGING'] === '1') console.info(`Packaging test folder kept: ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
}

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AccuracyEntry } from './accuracy-table.js';
import { accuracyByActivation } from './accuracy-table.js';
import { findSection, markdownTables } from './readme-sections.js';

/** A backend package whose README the site reads: its accuracy table and its benchmark section. */
export interface BackendPackage {
  readonly packageName: string;
  /** Repository-relative path of the README. */
  readonly readmePath: string;
  readonly benchCommand: string;
}

export const backendPackages: readonly BackendPackage[] = [
  { packageName: '@rectify/backend-cpu', readmePath: 'packages/backend-cpu/README.md', benchCommand: 'pnpm --filter @rectify/backend-cpu bench' },
  { packageName: '@rectify/backend-webgpu', readmePath: 'packages/backend-webgpu/README.md', benchCommand: 'EGL_PLATFORM=surfaceless pnpm --filter @rectify/backend-webgpu bench' },
];

/** Every package whose README Benchmark section the benchmark page shows: the backends, then the trainer. */
export const benchmarkPackages: readonly BackendPackage[] = [
  ...backendPackages,
  { packageName: '@rectify/trainer', readmePath: 'packages/trainer/README.md', benchCommand: 'pnpm --filter @rectify/trainer bench' },
];

export const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export function readReadme(backend: BackendPackage): string | undefined {
  const path = `${repositoryRoot}${backend.readmePath}`;
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** The first table of the README's "Accuracy" section, by activation name; undefined when there is none. */
export function readmeAccuracy(readme: string | undefined): Map<string, AccuracyEntry[]> | undefined {
  if (readme === undefined) return undefined;
  const section = findSection(readme, 'Accuracy');
  const table = section === undefined ? undefined : markdownTables(section.body)[0];
  return table === undefined ? undefined : accuracyByActivation(table);
}

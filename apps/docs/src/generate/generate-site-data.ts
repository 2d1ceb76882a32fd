/**
 * Writes what the site is generated from, into apps/docs/.generated/: one JSON record per
 * registered activation (built-ins plus the plugins of rectify.config.ts), the activation index,
 * and the benchmark and accuracy sections of the backend READMEs. Run before `vitepress build`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ActivationDefinition, Backend } from '@rectify/activation-core';
import type { Tolerance } from '@rectify/activation-core/testing';
import { createCpuBackend } from '@rectify/backend-cpu';
import { helpText } from '@rectify/trainer';
import { createSiteRegistry } from '../site/site-registry.js';
import { accuracyFor, largestBound } from './accuracy-table.js';
import type { AccuracyEntry } from './accuracy-table.js';
import { activationPageData } from './activation-page-data.js';
import type { PageDataSources } from './activation-page-data.js';
import { backendPackages, benchmarkPackages, readmeAccuracy, readReadme } from './backend-sources.js';
import { activationIndexMarkdown, benchmarkMarkdown, cliHelpMarkdown } from './section-markdown.js';
import { runConformance } from './run-conformance.js';
import type { ConformanceOutcome } from './run-conformance.js';

const outputDirectory = fileURLToPath(new URL('../../.generated/', import.meta.url));

const defaultToleranceNote = "the conformance kit's default tolerance (exact for piecewise-linear activations, else 4 ulp forward, 8 ulp gradients)";

/** The README's bound for an activation, exact where exact in float32; the kit's default otherwise. */
function readmeTolerance(entries: ReadonlyMap<string, readonly AccuracyEntry[]> | undefined) {
  return (definition: ActivationDefinition, exact: boolean): Tolerance => {
    const bound = entries === undefined ? undefined : largestBound(accuracyFor(entries, definition.id));
    if (exact) return { forwardUlp: 0, gradientUlp: 0 };
    return { forwardUlp: bound ?? 4, gradientUlp: 8 };
  };
}

async function conformanceOn(name: string, create: () => Promise<Backend & { destroy(): void }>, entries: ReadonlyMap<string, readonly AccuracyEntry[]> | undefined, source: string) {
  const hasBounds = entries !== undefined && [...entries.values()].some((rows) => largestBound(rows) !== undefined);
  const note = hasBounds ? `forward bound from the "bound used in tests" column of ${source} (the kit's default where a row has none), 8 ulp gradients` : `${defaultToleranceNote}: ${source} publishes no bound column`;
  let backend: (Backend & { destroy(): void }) | undefined;
  try {
    backend = await create();
    const outcomes: Map<string, ConformanceOutcome> = await runConformance(backend, { tolerance: readmeTolerance(entries) });
    return { backend: name, outcomes, note };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
    console.warn(`conformance on ${name} not run: ${reason}`);
    return { backend: name, outcomes: undefined, note: `not run when the site was built: ${reason}` };
  } finally {
    backend?.destroy();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  // Mesa (under Dawn's OpenGL ES fallback) complains without a runtime folder.
  if (process.env['XDG_RUNTIME_DIR'] === undefined) {
    const runtime = join(tmpdir(), 'rectify-docs-runtime');
    mkdirSync(runtime, { recursive: true, mode: 0o700 });
    process.env['XDG_RUNTIME_DIR'] = runtime;
  }
  const registry = createSiteRegistry();
  const [cpuPackage, webgpuPackage] = backendPackages;
  if (cpuPackage === undefined || webgpuPackage === undefined) throw new Error('backendPackages lists the CPU and WebGPU packages');
  const cpuReadme = readReadme(cpuPackage);
  const webgpuReadme = readReadme(webgpuPackage);
  const cpuAccuracy = readmeAccuracy(cpuReadme);
  const webgpuAccuracy = readmeAccuracy(webgpuReadme);

  const conformance = [
    await conformanceOn('@rectify/backend-cpu (WebAssembly SIMD)', () => Promise.resolve(createCpuBackend({ registry, engine: 'wasm-simd', threads: 1 })), cpuAccuracy, cpuPackage.readmePath),
    await conformanceOn('@rectify/backend-cpu (interpreter)', () => Promise.resolve(createCpuBackend({ registry, engine: 'interpreter', threads: 1 })), cpuAccuracy, cpuPackage.readmePath),
    await conformanceOn(
      '@rectify/backend-webgpu (Dawn in Node)',
      async () => {
        const { createWebGPUBackend } = await import('@rectify/backend-webgpu');
        return createWebGPUBackend({ registry });
      },
      webgpuAccuracy,
      webgpuPackage.readmePath,
    ),
  ];
  const missing = (path: string): string => `${path} ${path.endsWith('README.md') ? 'has no accuracy table' : 'is missing'}.`;
  const sources: PageDataSources = {
    accuracy: [
      { backend: cpuPackage.packageName, source: cpuPackage.readmePath, entries: cpuAccuracy, missingNote: cpuReadme === undefined ? `${cpuPackage.readmePath} does not exist yet, so no figure is published.` : missing(cpuPackage.readmePath) },
      { backend: webgpuPackage.packageName, source: webgpuPackage.readmePath, entries: webgpuAccuracy, missingNote: webgpuReadme === undefined ? `${webgpuPackage.readmePath} does not exist yet, so no figure is published.` : missing(webgpuPackage.readmePath) },
    ],
    conformance,
    accuracyFor,
  };

  const pages = registry.list().map((definition) => activationPageData(registry, definition, sources));
  mkdirSync(outputDirectory, { recursive: true });
  writeFileSync(`${outputDirectory}activations.json`, `${JSON.stringify(pages, null, 1)}\n`);
  writeFileSync(`${outputDirectory}activation-index.md`, activationIndexMarkdown(pages));
  writeFileSync(`${outputDirectory}benchmarks.md`, benchmarkMarkdown(benchmarkPackages.map((backend) => ({ backend, readme: readReadme(backend) }))));
  writeFileSync(`${outputDirectory}cli-help.md`, cliHelpMarkdown(helpText));
  console.info(`Generated ${pages.length} activation pages in ${Math.round(performance.now() - started)} ms.`);
}

await main();

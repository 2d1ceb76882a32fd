import { readFileSync } from 'node:fs';
import type { Package } from '@arethetypeswrong/core';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PackedPackage } from './pack.js';
import { packWorkspace, publicPackages } from './pack.js';

/**
 * Every public package, packed as it would be published, is clean under publint (strict: warnings
 * are errors; suggestions too) and under Are The Types Wrong with the CLI's `esm-only` profile
 * (node10 and require() from node16 are not targets: the packages are ESM only).
 */
const ignoredResolutions = new Set(['node10', 'node16-cjs']);

interface Manifest {
  readonly type?: string;
  readonly main?: string;
  readonly module?: string;
  readonly sideEffects?: unknown;
  readonly exports?: Record<string, unknown>;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

let packed: PackedPackage[];
beforeAll(async () => {
  packed = await packWorkspace();
}, 10 * 60_000);

const tarballOf = (name: string): PackedPackage => {
  const found = packed.find((entry) => entry.name === name);
  if (found === undefined) throw new Error(`${name} was not packed`);
  return found;
};

/** The tarball's files as attw reads them, under /node_modules/<name>/. */
const contents = new Map<string, Package>();
const contentsOf = (name: string): Package => {
  let found = contents.get(name);
  if (found === undefined) {
    found = createPackageFromTarballData(new Uint8Array(readFileSync(tarballOf(name).tarball)));
    contents.set(name, found);
  }
  return found;
};

describe.each(publicPackages().map((entry) => entry.name))('%s as published', (name) => {
  const root = `/node_modules/${name}`;
  const manifest = (): Manifest => JSON.parse(contentsOf(name).readFile(`${root}/package.json`)) as Manifest;

  it('is clean under publint --strict', { timeout: 60_000 }, async () => {
    const data = readFileSync(tarballOf(name).tarball);
    const { messages, pkg } = await publint({ pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) }, level: 'suggestion', strict: true });
    expect(messages.map((message) => `${message.type} ${message.code}: ${formatMessage(message, pkg) ?? ''}`)).toEqual([]);
  });

  it('is clean under @arethetypeswrong (esm-only profile)', { timeout: 60_000 }, async () => {
    const analysis = await checkPackage(contentsOf(name));
    if (!analysis.types) throw new Error(`${name} ships no types`);
    const problems = analysis.problems.filter((problem) => !('resolutionKind' in problem) || !ignoredResolutions.has(problem.resolutionKind));
    expect(problems.map((problem) => JSON.stringify(problem))).toEqual([]);
    // Every code entry point resolves to declarations under node16 (ESM) and bundlers.
    for (const [entrypoint, info] of Object.entries(analysis.entrypoints)) {
      if (entrypoint === './package.json') continue;
      for (const kind of ['node16-esm', 'bundler'] as const) {
        expect(info.resolutions[kind].resolution?.isTypeScript, `${entrypoint} under ${kind}`).toBe(true);
      }
    }
  });

  it('is ESM only: types first, the source condition next, default last; no side effects', () => {
    const { type, main, module, sideEffects, exports } = manifest();
    expect(type).toBe('module');
    expect(main).toBeUndefined();
    expect(module).toBeUndefined();
    expect(sideEffects).toBe(false);
    for (const [subpath, target] of Object.entries(exports ?? {})) {
      if (typeof target === 'string') {
        expect(subpath).toBe('./package.json');
        continue;
      }
      expect(Object.keys(target as object), subpath).toEqual(['types', '@rectify/source', 'default']);
    }
  });

  it('pins its workspace dependencies to versions', () => {
    const { dependencies = {}, peerDependencies = {} } = manifest();
    for (const [dependency, range] of Object.entries({ ...dependencies, ...peerDependencies })) expect(range, dependency).not.toMatch(/^workspace:/);
  });

  it('ships a README with install instructions, dist/, the sources the source condition names, and no tests', () => {
    const files = contentsOf(name).listFiles().map((file) => file.slice(root.length + 1));
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'src/index.ts']));
    expect(files.filter((file) => /\.test(-d)?\.ts$|(^|\/)testing\/.*\.test/.test(file))).toEqual([]);
    expect(contentsOf(name).readFile(`${root}/README.md`)).toContain(`npm install ${name}`);
  });
});

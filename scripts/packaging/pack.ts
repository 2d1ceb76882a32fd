import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './exec.js';
import { once } from './run-cache.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface WorkspacePackage {
  readonly name: string;
  readonly version: string;
  /** Absolute path of the package folder. */
  readonly dir: string;
}

export interface PackedPackage extends WorkspacePackage {
  /** Absolute path of the tarball `pnpm pack` wrote. */
  readonly tarball: string;
}

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
}

/** The packages this repository publishes: every packages/* folder whose package.json is not private. */
export function publicPackages(): WorkspacePackage[] {
  const packagesDir = join(repoRoot, 'packages');
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(packagesDir, entry.name, 'package.json')))
    .map((entry) => {
      const dir = join(packagesDir, entry.name);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
      return { manifest, dir };
    })
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ manifest, dir }) => ({ name: manifest.name, version: manifest.version, dir }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The file name `npm pack` and `pnpm pack` give a package's tarball. */
export const tarballName = (name: string, version: string): string => `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;

/** Builds every package's dist/ with `tsc -b` (a no-op when `pnpm typecheck` already did). Once per test run. */
export function buildWorkspace(): Promise<boolean> {
  return once('build', async () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    await run(process.execPath, [tsc, '-b', 'tsconfig.json'], { cwd: repoRoot, timeoutMs: 600_000 });
    return true;
  });
}

/**
 * Packs every public package with `pnpm pack` (which rewrites `workspace:^` ranges to versions) after
 * building it. Once per test run.
 */
export function packWorkspace(): Promise<PackedPackage[]> {
  return once('tarballs', async (folder) => {
    mkdirSync(folder, { recursive: true });
    await buildWorkspace();
    const packages = publicPackages();
    const filters = packages.flatMap((entry) => ['--filter', entry.name]);
    await run('pnpm', ['--recursive', ...filters, 'pack', '--pack-destination', folder], { cwd: repoRoot });
    return packages.map((entry) => {
      const tarball = join(folder, tarballName(entry.name, entry.version));
      if (!existsSync(tarball)) throw new Error(`pnpm pack wrote no ${tarball}.`);
      return { ...entry, tarball };
    });
  });
}

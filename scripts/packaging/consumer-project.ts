import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { cleanEnv, run } from './exec.js';
import type { PackedPackage } from './pack.js';
import { packWorkspace, repoRoot } from './pack.js';
import { once } from './run-cache.js';

/** Vite for the browser page, the version vitest 4 resolves in the workspace. */
export const viteVersion = '8.3.8';

export const pluginBentSource = join(repoRoot, 'examples', 'plugin-bent');
export const consumerFixtures = join(repoRoot, 'scripts', 'packaging', 'consumer');

export interface ConsumerProject {
  /** A copy of examples/plugin-bent in the temporary folder, with the tarballs installed by npm. */
  readonly dir: string;
  readonly packages: readonly PackedPackage[];
  /** Seconds `npm install` took. */
  readonly installSeconds: number;
}

type Dependencies = Record<string, string>;

interface Manifest {
  dependencies?: Dependencies;
  devDependencies?: Dependencies;
  peerDependencies?: Dependencies;
  optionalDependencies?: Dependencies;
  [key: string]: unknown;
}

/** Copies a package folder as a user would have it: without installed or built files. */
function copyPackage(from: string, to: string): void {
  const skipped = new Set(['node_modules', 'dist', 'package-lock.json', '.vite']);
  cpSync(from, to, { recursive: true, filter: (source) => !skipped.has(basename(source)) && !source.endsWith('.tgz') });
}

/**
 * The manifest with every @rectify/* range replaced by the packed tarball (devDependencies; the peer
 * range is dropped from this copy so that one spec names each package), plus Vite for the browser page.
 */
function pointAtTarballs(manifest: Manifest, packages: readonly PackedPackage[]): Manifest {
  const names = new Set(packages.map((entry) => entry.name));
  const sections = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;
  for (const section of sections) {
    const entries = manifest[section];
    if (entries === undefined) continue;
    for (const name of Object.keys(entries)) if (names.has(name)) Reflect.deleteProperty(entries, name);
    if (Object.keys(entries).length === 0) Reflect.deleteProperty(manifest, section);
  }
  const devDependencies: Dependencies = { ...manifest.devDependencies, vite: viteVersion };
  for (const entry of packages) devDependencies[entry.name] = `file:${entry.tarball}`;
  return { ...manifest, devDependencies };
}

interface LockFile {
  readonly packages: Readonly<Record<string, { readonly version?: string; readonly resolved?: string }>>;
}

/** Every @rectify package in the installed tree must be one of the tarballs, installed once at the top. */
function assertInstalledFromTarballs(dir: string, packages: readonly PackedPackage[]): void {
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as LockFile;
  const problems: string[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    const match = /(?:^|\/)node_modules\/(@rectify\/[^/]+)$/.exec(path);
    if (match === null) continue;
    const packed = packages.find((candidate) => candidate.name === match[1]);
    if (path !== `node_modules/${match[1] ?? ''}`) problems.push(`${path} is nested: a dependency range did not accept the packed version`);
    else if (packed === undefined) problems.push(`${path} is not a workspace package`);
    else if (entry.resolved?.startsWith('file:') !== true) problems.push(`${path} resolved to ${entry.resolved ?? 'the registry'}, not the tarball`);
  }
  for (const entry of packages) if (!existsSync(join(dir, 'node_modules', entry.name, 'package.json'))) problems.push(`${entry.name} is not installed`);
  if (problems.length > 0) throw new Error(`The consumer project did not install the packed tarballs:\n${problems.join('\n')}`);
}

/**
 * Once per test run: packs the workspace, copies examples/plugin-bent (an outsider's package) and the
 * consumer fixtures (scripts/packaging/consumer) to a temporary folder outside the workspace, and
 * installs the tarballs there with npm (its cache, no scripts). The Node consumer script, the browser
 * page and plugin-bent's own tests all run in this one install.
 */
export function consumerProject(): Promise<ConsumerProject> {
  return once('consumer-project', async (dir) => {
    const packages = await packWorkspace();
    copyPackage(pluginBentSource, dir);
    cpSync(consumerFixtures, join(dir, 'consumer'), { recursive: true });
    const manifestPath = join(dir, 'package.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    writeFileSync(manifestPath, `${JSON.stringify(pointAtTarballs(manifest, packages), null, 2)}\n`);
    if (!relative(repoRoot, dir).startsWith('..')) throw new Error(`The consumer project must lie outside the workspace, got ${dir}.`);
    const install = await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', '--loglevel=error'], {
      cwd: dir,
      env: cleanEnv(),
      timeoutMs: 600_000,
    });
    assertInstalledFromTarballs(dir, packages);
    return { dir, packages, installSeconds: install.seconds };
  });
}

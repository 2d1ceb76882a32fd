import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, run } from './exec.js';
import { buildWorkspace, publicPackages, repoRoot } from './pack.js';
import { runDir } from './run-cache.js';

/**
 * The release steps of docs/releasing.md, in a copy of the repository's release-relevant files (the
 * manifests, .changeset/, and the public packages with their built dist/), never in the working tree:
 * `pnpm changeset version` must give the fixed group one version and every package its changelog,
 * and `pnpm -r publish --dry-run` must pack and accept every public package.
 */

type Bump = 'patch' | 'minor' | 'major';
const bumpOrder: readonly Bump[] = ['patch', 'minor', 'major'];
const higher = (a: Bump | undefined, b: Bump): Bump => (a === undefined || bumpOrder.indexOf(b) > bumpOrder.indexOf(a) ? b : a);

const increment = (version: string, bump: Bump): string => {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
};

interface Changeset {
  readonly file: string;
  readonly releases: ReadonlyMap<string, Bump>;
  readonly summary: string;
}

/** A changeset file: YAML front matter of `'name': bump` lines, then the summary. */
function readChangeset(path: string): Changeset {
  const text = readFileSync(path, 'utf8');
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(text);
  if (match === null) throw new Error(`${path}: no front matter`);
  const releases = new Map<string, Bump>();
  for (const line of (match[1] ?? '').split(/\r?\n/)) {
    const entry = /^\s*["']?([^"':]+)["']?\s*:\s*(patch|minor|major)\s*$/.exec(line);
    if (entry === null) throw new Error(`${path}: cannot read "${line}"`);
    releases.set(entry[1] ?? '', entry[2] as Bump);
  }
  return { file: path, releases, summary: (match[2] ?? '').trim() };
}

const pendingChangesets = (dir: string): Changeset[] =>
  readdirSync(join(dir, '.changeset'))
    .filter((file) => file.endsWith('.md') && file !== 'README.md')
    .map((file) => readChangeset(join(dir, '.changeset', file)));

/** `fixed` entries are globs such as "@rectify/{activation-core,backend-cpu}". */
const globMatcher = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .replace(/[.+^$()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '.')
      .replace(/\{([^}]*)\}/g, (_, alternatives: string) => `(?:${alternatives.split(',').join('|')})`)}$`,
  );

interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
}

const readManifest = (path: string): Manifest => JSON.parse(readFileSync(path, 'utf8')) as Manifest;

/** The workspace's package folders, from pnpm-workspace.yaml's simple `dir/*` and `!dir/name` entries. */
function workspaceFolders(): string[] {
  const yaml = readFileSync(join(repoRoot, 'pnpm-workspace.yaml'), 'utf8');
  const block = /^packages:\n((?:[ \t]+(?:-.*|#.*)\n)+)/m.exec(yaml)?.[1] ?? '';
  const entries = [...block.matchAll(/^\s*-\s*['"]?([^'"\n]+?)['"]?\s*$/gm)].map((match) => match[1] ?? '');
  const excluded = new Set(entries.filter((entry) => entry.startsWith('!')).map((entry) => entry.slice(1)));
  return entries
    .filter((entry) => !entry.startsWith('!'))
    .flatMap((entry) => {
      if (!entry.endsWith('/*')) return [entry];
      const parent = entry.slice(0, -2);
      return readdirSync(join(repoRoot, parent), { withFileTypes: true }).filter((item) => item.isDirectory()).map((item) => `${parent}/${item.name}`);
    })
    .filter((folder) => !excluded.has(folder) && existsSync(join(repoRoot, folder, 'package.json')));
}

const copy = mkdtempSync(join(runDir(), 'release-copy-'));
const publicFolders = new Set(publicPackages().map((entry) => relative(repoRoot, entry.dir)));
const releaseCheck = 'release-check.md';

beforeAll(async () => {
  await buildWorkspace();
  for (const file of ['package.json', 'pnpm-workspace.yaml', 'pnpm-lock.yaml', '.npmrc']) {
    if (existsSync(join(repoRoot, file))) cpSync(join(repoRoot, file), join(copy, file));
  }
  cpSync(join(repoRoot, '.changeset'), join(copy, '.changeset'), { recursive: true });
  for (const folder of workspaceFolders()) {
    const from = join(repoRoot, folder);
    const to = join(copy, folder);
    if (publicFolders.has(folder)) {
      cpSync(from, to, { recursive: true, filter: (source) => !source.split(/[\\/]/).includes('node_modules') });
    } else {
      mkdirSync(to, { recursive: true });
      for (const file of ['package.json', 'CHANGELOG.md']) if (existsSync(join(from, file))) cpSync(join(from, file), join(to, file));
    }
  }
  // A patch for one member of the fixed group, so the group is exercised even with nothing pending.
  writeFileSync(join(copy, '.changeset', releaseCheck), "---\n'@rectify/backend-cpu': patch\n---\n\nRelease check: a patch to one member of the fixed group.\n");
}, 10 * 60_000);

afterAll(() => {
  rmSync(copy, { recursive: true, force: true });
});

/** pnpm as a maintainer runs it in the copy: the copy has no node_modules, so no install before scripts. */
const pnpm = (args: readonly string[]) =>
  run('pnpm', ['--config.verify-deps-before-run=false', ...args], {
    cwd: copy,
    env: cleanEnv({ PATH: [join(repoRoot, 'node_modules', '.bin'), process.env['PATH'] ?? ''].join(delimiter) }),
  });

describe('releasing (in a copy of the repository)', () => {
  it('pnpm changeset version: one version for the fixed group, each package its own bump and changelog', { timeout: 120_000 }, async () => {
    const config = JSON.parse(readFileSync(join(copy, '.changeset', 'config.json'), 'utf8')) as { readonly fixed: readonly (readonly string[])[] };
    const changesets = pendingChangesets(copy);
    const before = new Map(workspaceFolders().map((folder) => [folder, readManifest(join(copy, folder, 'package.json'))]));
    const publicNames = [...before.entries()].filter(([folder]) => publicFolders.has(folder)).map(([, manifest]) => manifest.name);
    const own = new Map<string, Bump>();
    for (const changeset of changesets) for (const [name, bump] of changeset.releases) own.set(name, higher(own.get(name), bump));

    // The fixed groups: members' names, the group's bump and its next version (highest current version, bumped).
    const groups = config.fixed.map((patterns) => {
      const members = publicNames.filter((name) => patterns.some((pattern) => globMatcher(pattern).test(name)));
      const bump = members.reduce<Bump | undefined>((current, name) => (own.has(name) ? higher(current, own.get(name) ?? 'patch') : current), undefined);
      const highest = members.map((name) => [...before.values()].find((manifest) => manifest.name === name)?.version ?? '0.0.0').sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).at(-1) ?? '0.0.0';
      return { members, bump, next: bump === undefined ? highest : increment(highest, bump) };
    });
    expect(groups.flatMap((group) => group.members)).toEqual(expect.arrayContaining(['@rectify/activation-core', '@rectify/backend-cpu', '@rectify/backend-webgpu']));

    await pnpm(['changeset', 'version']);

    for (const [folder, old] of before) {
      const now = readManifest(join(copy, folder, 'package.json'));
      if (old.private === true) {
        expect(now.version, `${old.name} is private: not versioned`).toBe(old.version);
        continue;
      }
      const group = groups.find((candidate) => candidate.members.includes(old.name));
      const bump = own.get(old.name);
      if (group?.bump !== undefined) expect(now.version, `${old.name} (fixed group)`).toBe(group.next);
      else if (bump !== undefined) expect(now.version, `${old.name} (${bump})`).toBe(increment(old.version, bump));
      else expect([old.version, increment(old.version, 'patch')], `${old.name} (no changeset: unchanged, or a patch for a dependency)`).toContain(now.version);
      // Workspace ranges stay: pnpm writes the versions into the packed manifest.
      for (const [dependency, range] of Object.entries({ ...old.dependencies, ...old.devDependencies })) {
        if (range.startsWith('workspace:')) expect({ ...now.dependencies, ...now.devDependencies }[dependency], `${old.name} -> ${dependency}`).toBe(range);
      }
      if (now.version === old.version) continue;
      const changelog = readFileSync(join(copy, folder, 'CHANGELOG.md'), 'utf8');
      expect(changelog.startsWith(`# ${old.name}\n\n## ${now.version}\n`), `${old.name} CHANGELOG.md heading`).toBe(true);
      const latest = changelog.split(/^## /m)[1] ?? '';
      for (const changeset of changesets.filter((candidate) => candidate.releases.has(old.name))) {
        const firstLine = changeset.summary.split('\n')[0] ?? '';
        expect(latest, `${old.name} CHANGELOG.md lists ${changeset.file}`).toContain(firstLine);
        expect(latest).toContain(`### ${changeset.releases.get(old.name) === 'patch' ? 'Patch' : changeset.releases.get(old.name) === 'minor' ? 'Minor' : 'Major'} Changes`);
      }
    }
    // The changesets were consumed.
    expect(pendingChangesets(copy)).toEqual([]);
  });

  it('pnpm -r publish --dry-run packs every public package at its new version', { timeout: 120_000 }, async () => {
    await pnpm(['--recursive', 'publish', '--dry-run', '--no-git-checks', '--report-summary']);
    const summary = JSON.parse(readFileSync(join(copy, 'pnpm-publish-summary.json'), 'utf8')) as {
      readonly publishedPackages: readonly { readonly name: string; readonly version: string; readonly files: readonly { readonly path: string }[] }[];
    };
    const published = new Map(summary.publishedPackages.map((entry) => [entry.name, entry]));
    const expected = [...publicFolders].map((folder) => readManifest(join(copy, folder, 'package.json')));
    expect([...published.keys()].sort()).toEqual(expected.map((manifest) => manifest.name).sort());
    for (const manifest of expected) {
      const entry = published.get(manifest.name);
      expect(entry?.version, manifest.name).toBe(manifest.version);
      const files = entry?.files.map((file) => file.path) ?? [];
      expect(files, manifest.name).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts']));
    }
  });
});

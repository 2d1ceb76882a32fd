import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const docsRoot = fileURLToPath(new URL('../../', import.meta.url));
export const siteOutput = fileURLToPath(new URL('../../.vitepress/dist/', import.meta.url));
export const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * `pnpm run build` in apps/docs: data generation, TypeDoc and `vitepress build`, which fails on
 * dead links. Resolves with the combined output, rejects with it when the build fails.
 */
export async function buildSite(): Promise<string> {
  const { stdout, stderr } = await promisify(execFile)('pnpm', ['run', 'build'], {
    cwd: docsRoot,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return `${stdout}\n${stderr}`;
}

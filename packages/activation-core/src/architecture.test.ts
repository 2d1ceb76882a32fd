import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const sourceRoot = fileURLToPath(new URL('.', import.meta.url));

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(path) ? [path] : [];
  });
}

describe('activation-core boundaries', () => {
  const files = sourceFiles(sourceRoot);

  it('never mentions the activations of plugin-smooth: plugins go through the public API only', () => {
    const mentions = files.filter((path) => /gelu|silu|mish|softplus|hardswish|plugin-smooth/i.test(readFileSync(path, 'utf8')));
    expect(files.length).toBeGreaterThan(20);
    expect(mentions).toEqual([]);
  });

  it('imports no other workspace package', () => {
    const offenders = files.filter((path) => /from '@rectify\//.test(readFileSync(path, 'utf8')));
    expect(offenders).toEqual([]);
  });
});

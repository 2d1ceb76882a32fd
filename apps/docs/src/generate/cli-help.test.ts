import { helpText } from '@rectify/trainer';
import { describe, expect, it } from 'vitest';
import { benchmarkPackages } from './backend-sources.js';
import { cliHelpMarkdown } from './section-markdown.js';

describe('generated reference sections', () => {
  it('prints the CLI help verbatim in a fence no backtick run inside can close', () => {
    const markdown = cliHelpMarkdown(helpText);
    expect(markdown.startsWith('```text\n')).toBe(true);
    expect(markdown).toContain('--early-stopping PATIENCE');
    expect(markdown).toContain('experiment dying-relu');
    expect(cliHelpMarkdown('a ```` b')).toMatch(/^`{5}text\n/);
  });

  it('shows the trainer benchmark after the backends', () => {
    expect(benchmarkPackages.map((entry) => entry.packageName)).toEqual(['@rectify/backend-cpu', '@rectify/backend-webgpu', '@rectify/trainer']);
  });
});

import { describe, expect, it } from 'vitest';
import type { ActivationPageData } from '../generate/activation-page-data.js';
import { activationPageMarkdown } from './activation-page-markdown.js';
import { escapeMarkdown } from './markdown-text.js';

const page: ActivationPageData = {
  id: 'acme/bent_relu',
  name: 'Bent ReLU',
  latex: String.raw`f(x)=\max(x,0)`,
  description: 'Costs $5 | uses *stars* and <tags>.',
  conventions: undefined,
  paper: undefined,
  properties: { smooth: false },
  origin: { kind: 'plugin', name: '@acme/rectify-bent-relu', version: '1.0.0' },
  parameters: [{ name: 'bend', defaultValue: '0.5', range: '[0, 1]', description: 'Weight | of the bend.', notes: ['learnable'] }],
  aliases: [],
  kinks: [{ input: '0', output: '0', derivative: '0' }],
  specialValues: [{ input: 'NaN', output: 'NaN', derivative: 'NaN' }],
  accuracy: [{ backend: '@rectify/backend-cpu', source: 'packages/backend-cpu/README.md', entries: [], note: 'packages/backend-cpu/README.md has no row for this activation.' }],
  conformance: [{ backend: 'cpu', status: 'fail', passed: 6, failed: 2, failures: ['forward: 3 of 10 outside 4 ulp'], note: 'default tolerance' }],
};

describe('activationPageMarkdown', () => {
  const markdown = activationPageMarkdown(page);

  it('puts the formula in a display-math block for KaTeX and the plot in a client-only component', () => {
    expect(markdown).toContain(`$$\n${page.latex}\n$$`);
    expect(markdown).toContain('<ClientOnly><ActivationPlot activation-id="acme/bent_relu" /></ClientOnly>');
  });

  it('escapes text so dollars, pipes and angle brackets stay literal', () => {
    expect(markdown).toContain(String.raw`Costs \$5 \| uses \*stars\* and \<tags\>.`);
    expect(markdown).toContain(String.raw`| bend | 0.5 | \[0, 1\] | Weight \| of the bend. learnable |`);
  });

  it('names the plugin, the kinks, the special values and the conformance outcome', () => {
    expect(markdown).toContain('`@acme/rectify-bent-relu@1.0.0`');
    expect(markdown).toContain('| 0 (kink) | 0 | 0 |');
    expect(markdown).toContain('| NaN | NaN | NaN |');
    expect(markdown).toContain('| cpu | fail (2 of 8 checks) | default tolerance |');
    expect(markdown).toContain('No aliases are recorded in the definition.');
  });
});

describe('escapeMarkdown', () => {
  it('backslash-escapes markdown and KaTeX punctuation only', () => {
    expect(escapeMarkdown('a_b*c$d|e')).toBe(String.raw`a\_b\*c\$d\|e`);
    expect(escapeMarkdown('plain words, 0.5')).toBe('plain words, 0.5');
  });
});

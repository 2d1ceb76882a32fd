import { describe, expect, it } from 'vitest';
import { createSiteRegistry } from '../site/site-registry.js';
import { activationPageMarkdown } from '../site/activation-page-markdown.js';
import { activationPageData } from './activation-page-data.js';
import type { PageDataSources } from './activation-page-data.js';

const registry = createSiteRegistry();
const sources: PageDataSources = { accuracy: [], conformance: [], accuracyFor: () => [] };
const page = (id: string) => activationPageData(registry, registry.get(id), sources);

describe('library aliases on an activation page', () => {
  it("shows where a library's default differs, next to this definition's", () => {
    const aliases = page('leaky_relu').aliases;
    expect(aliases.map((alias) => alias.library)).toEqual(['PyTorch', 'Keras', 'ONNX', 'TensorFlow.js']);
    expect(aliases.find((alias) => alias.library === 'Keras')?.differences).toMatch(/^default alpha = 0\.3 \(here 0\.01\); alpha is the argument negative_slope/);
    expect(aliases.find((alias) => alias.library === 'TensorFlow.js')?.differences).toMatch(/^default alpha = 0\.2 \(here 0\.01\)/);
    expect(aliases.find((alias) => alias.library === 'ONNX')?.differences).toBe('');
    expect(page('prelu').aliases.find((alias) => alias.library === 'Keras')?.differences).toMatch(/default alpha = 0 \(here 0\.25\)/);
  });

  it('renders them as a table column', () => {
    const markdown = activationPageMarkdown(page('leaky_relu'));
    expect(markdown).toContain('| library | name | how it differs from this definition |');
    expect(markdown).toMatch(/\| Keras \| LeakyReLU \| default alpha = 0\.3 \(here 0\.01\)/);
    expect(markdown).toMatch(/\| ONNX \| LeakyRelu \| same defaults \|/);
  });
});

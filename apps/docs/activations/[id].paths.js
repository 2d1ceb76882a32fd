// One page per registered activation, from the records written by src/generate/generate-site-data.ts.
import { readFileSync } from 'node:fs';
import { URL } from 'node:url';
import { activationPageMarkdown } from '../src/site/activation-page-markdown.ts';

export default {
  paths() {
    const pages = JSON.parse(readFileSync(new URL('../.generated/activations.json', import.meta.url), 'utf8'));
    return pages.map((page) => ({ params: { id: page.id, title: page.name }, content: activationPageMarkdown(page) }));
  },
};

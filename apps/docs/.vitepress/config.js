// VitePress looks for its configuration here; the typed configuration lives in src/site/.
import { katex } from '@mdit/plugin-katex';
import { siteConfig } from '../src/site/vitepress-config.ts';

export default {
  ...siteConfig(),
  markdown: {
    // Formulas become HTML at build time. Registered here because VitePress declares its own copy
    // of the markdown-it types, which @mdit/plugin-katex's (from @types/markdown-it) do not match.
    // HTML output only: KaTeX's MathML copy repeats the TeX source, whose braces Vue would read as
    // template interpolation.
    config: (md) => {
      md.use(katex, { output: 'html', throwOnError: true });
    },
  },
};

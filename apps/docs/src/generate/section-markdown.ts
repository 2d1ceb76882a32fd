import type { ActivationPageData } from './activation-page-data.js';
import type { BackendPackage } from './backend-sources.js';
import { findSection } from './readme-sections.js';
import { escapeMarkdown, inlineCode, markdownTable } from '../site/markdown-text.js';
import { activationPath } from '../site/site-registry.js';

/** The table of every generated activation page, linked. */
export function activationIndexMarkdown(pages: readonly ActivationPageData[]): string {
  const rows = pages.map((page) => {
    const origin = page.origin.kind === 'built-in' ? 'built-in' : page.origin.name;
    const parameters = page.parameters.map((parameter) => `${parameter.name} = ${parameter.defaultValue}`).join(', ');
    const conformance = page.conformance.every((backend) => backend.status === 'pass') ? 'pass on every backend' : page.conformance.map((backend) => `${backend.backend}: ${backend.status}`).join('; ');
    return { link: `[${escapeMarkdown(page.name)}](${activationPath(page.id)})`, cells: [inlineCode(page.id), escapeMarkdown(origin), escapeMarkdown(parameters.length === 0 ? '—' : parameters), escapeMarkdown(conformance)] };
  });
  const table = markdownTable(['activation', 'id', 'from', 'parameters (defaults)', 'conformance'], []);
  return `${table}\n${rows.map((row) => `| ${row.link} | ${row.cells.join(' | ')} |`).join('\n')}\n`;
}

/** Links to repository files mean nothing on the site: keep their text. */
const withoutRelativeLinks = (markdown: string): string => markdown.replace(/\[([^\]]+)\]\((?!https?:)[^)]*\)/g, '$1');

/** Demotes "### x" to "#### x" so README sub-headings sit under the page's per-package heading. */
const demoted = (markdown: string): string => markdown.replace(/^(#{3,5}) /gm, '#$1 ');

/** Each backend's Benchmark and Accuracy sections as its README has them, with the command that reproduces them. */
export function benchmarkMarkdown(backends: readonly { readonly backend: BackendPackage; readonly readme: string | undefined }[]): string {
  return backends
    .map(({ backend, readme }) => {
      const heading = `## ${backend.packageName}`;
      const command = `Reproduce with:\n\n\`\`\`sh\n${backend.benchCommand}\n\`\`\``;
      if (readme === undefined) return `${heading}\n\n${inlineCode(backend.readmePath)} does not exist yet, so there is no published table to show.\n\n${command}\n`;
      const parts = ['Benchmark', 'Accuracy'].flatMap((name) => {
        const section = findSection(readme, name);
        return section === undefined ? [] : [`### ${name}\n\n${demoted(withoutRelativeLinks(section.body))}`];
      });
      const body = parts.length === 0 ? `${inlineCode(backend.readmePath)} has no Benchmark or Accuracy section yet.` : parts.join('\n\n');
      return `${heading}\n\nFrom ${inlineCode(backend.readmePath)}.\n\n${body}\n\n${command}\n`;
    })
    .join('\n');
}

/** The trainer's `--help` text as a fenced block, so the CLI reference is the text the binary prints. */
export function cliHelpMarkdown(help: string): string {
  const fence = '`'.repeat(Math.max(3, ...[...help.matchAll(/`+/g)].map((match) => match[0].length + 1)));
  return `${fence}text\n${help.trimEnd()}\n${fence}\n`;
}

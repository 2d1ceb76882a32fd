import type { ActivationPageData } from '../generate/activation-page-data.js';
import { escapeMarkdown, inlineCode, markdownTable } from './markdown-text.js';

const propertyLabels: Readonly<Record<string, string>> = {
  monotonic: 'monotonic',
  boundedBelow: 'bounded below',
  boundedAbove: 'bounded above',
  smooth: 'smooth',
  zeroCentered: 'zero-centred',
  selfNormalizing: 'self-normalising',
};

function originLine(page: ActivationPageData): string {
  return page.origin.kind === 'built-in'
    ? `Built into ${inlineCode('@rectify/activation-core')}.`
    : `From the plugin ${inlineCode(`${page.origin.name}@${page.origin.version}`)}, registered in the site's ${inlineCode('rectify.config.ts')}.`;
}

function parametersSection(page: ActivationPageData): string {
  if (page.parameters.length === 0) return 'None.';
  return markdownTable(
    ['name', 'default', 'range', 'description'],
    page.parameters.map((row) => [row.name, row.defaultValue, row.range, [row.description, ...row.notes].join(' ')]),
  );
}

function aliasesSection(page: ActivationPageData): string {
  const table =
    page.aliases.length === 0
      ? 'No aliases are recorded in the definition.'
      : markdownTable(['library', 'name', 'how it differs from this definition'], page.aliases.map((alias) => [alias.library, alias.name, alias.differences === '' ? 'same defaults' : alias.differences]));
  return page.conventions === undefined ? table : `${table}\n\n**Conventions.** ${escapeMarkdown(page.conventions)}`;
}

function accuracySection(page: ActivationPageData): string {
  return page.accuracy
    .map((backend) => {
      const heading = `**${escapeMarkdown(backend.backend)}** (from ${inlineCode(backend.source)})`;
      if (backend.entries.length === 0) return `- ${heading}: ${escapeMarkdown(backend.note ?? 'no figure published.')}`;
      const rows = backend.entries.map((entry) => {
        const measured = entry.measured.map((column) => `${escapeMarkdown(column.column)}: ${escapeMarkdown(column.ulps)}`).join('; ');
        const bound = entry.boundText === undefined ? '' : `; bound held in the package's tests: ${escapeMarkdown(entry.boundText)}`;
        const notes = entry.notes === undefined ? '' : ` (${escapeMarkdown(entry.notes)})`;
        return `  - ${escapeMarkdown(entry.label)}: ${measured}${bound}${notes}`;
      });
      return [`- ${heading}`, ...rows].join('\n');
    })
    .join('\n');
}

function conformanceSection(page: ActivationPageData): string {
  const rows = page.conformance.map((backend) => {
    const status = backend.status === 'pass' ? `pass (${backend.passed} checks)` : backend.status === 'fail' ? `fail (${backend.failed} of ${backend.passed + backend.failed} checks)` : 'not run';
    return [backend.backend, status, backend.note];
  });
  const failures = page.conformance.flatMap((backend) => backend.failures.map((failure) => `- ${escapeMarkdown(backend.backend)}: ${escapeMarkdown(failure.length > 400 ? `${failure.slice(0, 400)}…` : failure)}`));
  return [markdownTable(['backend', 'status', 'how it was checked'], rows), ...(failures.length === 0 ? [] : ['', 'First failures:', '', ...failures])].join('\n');
}

/** The markdown of one activation page; the plot is the one client-side component. */
export function activationPageMarkdown(page: ActivationPageData): string {
  const properties = Object.entries(page.properties ?? {}).map(([key, value]) => `${propertyLabels[key] ?? key}: ${value ? 'yes' : 'no'}`);
  const paper = page.paper === undefined ? [] : [
    '## Paper',
    '',
    `${page.paper.url === undefined ? escapeMarkdown(page.paper.title) : `[${escapeMarkdown(page.paper.title)}](${page.paper.url})`}${page.paper.authors === undefined ? '' : `, ${escapeMarkdown(page.paper.authors)}`}${page.paper.year === undefined ? '' : ` (${page.paper.year})`}.`,
    '',
  ];
  return [
    `# ${escapeMarkdown(page.name)}`,
    '',
    `${inlineCode(page.id)}. ${originLine(page)}`,
    '',
    '$$',
    page.latex,
    '$$',
    '',
    escapeMarkdown(page.description),
    '',
    ...(properties.length === 0 ? [] : [`*${properties.join(' · ')}*`, '']),
    '## Plot',
    '',
    `Computed in your browser with the float64 reference evaluator of ${inlineCode('@rectify/activation-core')}. Dots mark the kinks, at the value and derivative the definition uses there.`,
    '',
    `<ClientOnly><ActivationPlot activation-id="${page.id}" /></ClientOnly>`,
    '',
    '## Parameters',
    '',
    parametersSection(page),
    '',
    '## In other libraries',
    '',
    aliasesSection(page),
    '',
    '## Kinks, NaN and infinities',
    '',
    'From the float64 reference at the default parameters.',
    '',
    markdownTable(['x', 'f(x)', "f'(x)"], [...page.kinks.map((kink) => [`${kink.input} (kink)`, kink.output, kink.derivative]), ...page.specialValues.map((value) => [value.input, value.output, value.derivative])]),
    '',
    '## Accuracy per backend',
    '',
    'Forward error in float32 ulps against the float64 reference, as each backend package publishes it.',
    '',
    accuracySection(page),
    '',
    '## Conformance',
    '',
    `The conformance suite of ${inlineCode('@rectify/activation-core/testing')}, run on each backend when this site was built.`,
    '',
    conformanceSection(page),
    '',
    ...paper,
  ].join('\n');
}

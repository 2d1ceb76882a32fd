/** A level-2 section of a README: its heading and the markdown below it up to the next level-2 heading. */
export interface ReadmeSection {
  readonly heading: string;
  readonly body: string;
}

export function readmeSections(markdown: string): ReadmeSection[] {
  const sections: ReadmeSection[] = [];
  let heading: string | undefined;
  let lines: string[] = [];
  const flush = (): void => {
    if (heading !== undefined) sections.push({ heading, body: lines.join('\n').trim() });
  };
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    const match = inFence ? null : /^## (.+)$/.exec(line);
    if (match?.[1] !== undefined) {
      flush();
      heading = match[1].trim();
      lines = [];
    } else {
      lines.push(line);
    }
  }
  flush();
  return sections;
}

export function findSection(markdown: string, heading: string): ReadmeSection | undefined {
  const wanted = heading.toLowerCase();
  return readmeSections(markdown).find((section) => section.heading.toLowerCase() === wanted);
}

export interface MarkdownTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const splitRow = (line: string): string[] =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());

const isRule = (line: string): boolean => /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/.test(line.trim());

/** Every pipe table in a piece of markdown, in order. */
export function markdownTables(markdown: string): MarkdownTable[] {
  const lines = markdown.split('\n');
  const tables: MarkdownTable[] = [];
  for (let index = 0; index + 1 < lines.length; index++) {
    const headerLine = lines[index] ?? '';
    if (!headerLine.trim().startsWith('|') || !isRule(lines[index + 1] ?? '')) continue;
    const rows: string[][] = [];
    let next = index + 2;
    while (next < lines.length && (lines[next] ?? '').trim().startsWith('|')) {
      rows.push(splitRow(lines[next] ?? ''));
      next += 1;
    }
    tables.push({ header: splitRow(headerLine), rows });
    index = next - 1;
  }
  return tables;
}

/** Escapes text so markdown (and the KaTeX `$` delimiters) shows it literally. */
export const escapeMarkdown = (text: string): string => text.replace(/[\\`*_[\]<>|$#]/g, (character) => `\\${character}`);

/** A pipe table; cells are escaped. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header.map(escapeMarkdown)), line(header.map(() => '---')), ...rows.map((row) => line(row.map(escapeMarkdown)))].join('\n');
}

/** Inline code; backticks inside are not expected in ids or names. */
export const inlineCode = (text: string): string => `\`${text.replace(/`/g, '')}\``;

/** Plain-text tables of the measured rows: throughput and ratios per thread count, and µs per call at 1,000 elements. */
import type { Direction } from './cases.js';
import type { Note } from './peers/peer.js';

export interface Row {
  readonly threads: number;
  readonly op: string;
  readonly direction: Direction;
  readonly size: number;
  readonly peer: string;
  readonly secondsPerCall: number;
  readonly gbPerSecond: number;
  readonly note?: Note;
}

export const oursName = 'ours';
export const ceilingName = 'ceiling';

const noteMarks: Readonly<Record<Note, string>> = { composite: 'c', allocating: 'a' };

function sizeLabel(size: number): string {
  if (size >= 1 << 24 && size % (1 << 20) === 0) return `${size / (1 << 20)}Mi`;
  if (size >= 1e6 && size % 1e6 === 0) return `${size / 1e6}M`;
  if (size >= 1e3 && size % 1e3 === 0) return `${size / 1e3}k`;
  return String(size);
}

function fixed(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

const ratio = (value: number): string => `${fixed(value)}x`;
const mark = (row: Row): string => (row.note === undefined ? '' : noteMarks[row.note]);

function renderTable(header: readonly string[], body: readonly (readonly string[])[]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...body.map((line) => (line[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join(' | ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  return [line(header), rule, ...body.map(line)].join('\n');
}

/** Rows grouped by op label then size, in first-seen order. */
function groupCases(rows: readonly Row[]): Map<string, Map<number, Map<string, Row>>> {
  const groups = new Map<string, Map<number, Map<string, Row>>>();
  for (const row of rows) {
    const bySize = groups.get(row.op) ?? new Map<number, Map<string, Row>>();
    groups.set(row.op, bySize);
    const byPeer = bySize.get(row.size) ?? new Map<string, Row>();
    bySize.set(row.size, byPeer);
    byPeer.set(row.peer, row);
  }
  return groups;
}

/** op | size | ours GB/s | ceiling GB/s | ours/ceiling | each peer's GB/s (ours/peer). */
export function throughputTable(rows: readonly Row[], peers: readonly string[]): string {
  const header = ['op', 'size', 'ours GB/s', 'ceiling GB/s', 'ours/ceiling', ...peers.map((p) => `${p} GB/s (ours/${p})`)];
  const body: string[][] = [];
  for (const [op, bySize] of groupCases(rows)) {
    for (const [size, byPeer] of bySize) {
      const ours = byPeer.get(oursName);
      const ceiling = byPeer.get(ceilingName);
      const cells = [op, sizeLabel(size), ours ? fixed(ours.gbPerSecond) : '-', ceiling ? fixed(ceiling.gbPerSecond) : '-'];
      cells.push(ours && ceiling ? ratio(ours.gbPerSecond / ceiling.gbPerSecond) : '-');
      for (const peer of peers) {
        const row = byPeer.get(peer);
        if (row === undefined) cells.push('-');
        else cells.push(`${fixed(row.gbPerSecond)}${mark(row)}${ours ? ` (${ratio(ours.gbPerSecond / row.gbPerSecond)})` : ''}`);
      }
      body.push(cells);
    }
  }
  return renderTable(header, body);
}

/** Microseconds per call at one size (1,000 elements): call overhead dominates there. */
export function latencyTable(rows: readonly Row[], size: number, peers: readonly string[]): string {
  const columns = [oursName, ceilingName, ...peers];
  const header = ['op', 'size', ...columns.map((p) => `${p} µs`)];
  const body: string[][] = [];
  for (const [op, bySize] of groupCases(rows)) {
    const byPeer = bySize.get(size);
    if (byPeer === undefined) continue;
    body.push([
      op,
      sizeLabel(size),
      ...columns.map((peer) => {
        const row = byPeer.get(peer);
        return row === undefined ? '-' : `${fixed(row.secondsPerCall * 1e6)}${mark(row)}`;
      }),
    ]);
  }
  return renderTable(header, body);
}

export const legend =
  'GB/s counts 8 bytes/element forward, 12 backward (ceiling: 8, a copy). Ratios are ours/peer (>1: ours faster). ' +
  'Marks: c = composite of several kernels, a = allocates its output. "-" = no such op.';

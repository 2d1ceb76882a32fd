/** The crossover benchmark of @rectify/backend-webgpu (bench/crossover.ts --json), as chart columns. */
export interface CrossoverRow {
  readonly size: number;
  readonly cpuOneThreadMs: number;
  readonly cpuThreadsMs: number;
  readonly webgpuArrayMs: number;
  readonly webgpuResidentMs: number;
}

export interface CrossoverMeasurement {
  readonly date: string;
  readonly cpu: string;
  readonly threads: number;
  readonly adapter: string;
  readonly command: string;
  readonly results: Readonly<Record<string, readonly CrossoverRow[]>>;
}

export const crossoverSeries = [
  { key: 'cpuOneThreadMs', label: 'CPU, 1 thread' },
  { key: 'cpuThreadsMs', label: 'CPU, all threads' },
  { key: 'webgpuArrayMs', label: 'WebGPU, upload + read back' },
  { key: 'webgpuResidentMs', label: 'WebGPU, data on the GPU' },
] as const;

/** Bytes moved per element by a forward pass: a float32 read and a float32 write. */
const bytesPerElement = 8;

/** x: log2 of the element count; one column of GB/s per series. */
export function crossoverColumns(rows: readonly CrossoverRow[]): number[][] {
  const x = rows.map((row) => Math.log2(row.size));
  return [x, ...crossoverSeries.map(({ key }) => rows.map((row) => (row.size * bytesPerElement) / (row[key] * 1e6)))];
}

/** The smallest size from which WebGPU with resident data beats both CPU figures, if any. */
export function crossoverSize(rows: readonly CrossoverRow[]): number | undefined {
  return rows.find((row, index) => rows.slice(index).every((later) => later.webgpuResidentMs < Math.min(later.cpuOneThreadMs, later.cpuThreadsMs)))?.size;
}

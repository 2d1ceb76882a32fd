import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CrossoverMeasurement, CrossoverRow } from './crossover.js';
import { crossoverColumns, crossoverSize } from './crossover.js';

const row = (size: number, cpu: number, gpu: number): CrossoverRow => ({ size, cpuOneThreadMs: cpu, cpuThreadsMs: cpu * 2, webgpuArrayMs: gpu * 3, webgpuResidentMs: gpu });

describe('the crossover chart data', () => {
  it('turns times into GB/s against log2 of the size', () => {
    const columns = crossoverColumns([row(1024, 0.008192, 1), row(4096, 0.032768, 0.016384)]);
    expect(columns[0]).toEqual([10, 12]);
    // 1024 elements x 8 bytes in 8.192 microseconds is 1 GB/s.
    expect(columns[1]?.[0]).toBeCloseTo(1, 12);
    expect(columns[4]?.[1]).toBeCloseTo(2, 12);
  });

  it('finds the size from which WebGPU stays ahead, and none when it never does', () => {
    expect(crossoverSize([row(1024, 1, 2), row(4096, 2, 1), row(16384, 4, 2)])).toBe(4096);
    expect(crossoverSize([row(1024, 1, 2), row(4096, 2, 1), row(16384, 2, 4)])).toBeUndefined();
  });

  it('the committed measurement covers every size and activation the chart shows', () => {
    const data = JSON.parse(readFileSync(new URL('./crossover-measured.json', import.meta.url), 'utf8')) as CrossoverMeasurement;
    expect(Object.keys(data.results)).toEqual(['relu', 'elu', 'smooth/gelu']);
    for (const rows of Object.values(data.results)) {
      expect(rows.map((entry) => entry.size)).toEqual([1 << 10, 1 << 12, 1 << 14, 1 << 16, 1 << 18, 1 << 20, 1 << 22, 1 << 24]);
      for (const entry of rows) expect(Object.values(entry).every((value) => Number.isFinite(value) && value > 0)).toBe(true);
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { Blocks } from './kernel-layout.js';
import { foldPeriodicSums, periodicLayout, periodicSlotsLength, writePeriodicSlots } from './periodic-layout.js';

/** Core's channel rule: element i belongs to channel floor(i / stride) % channels. */
const channelOfElement = (element: number, blocks: Blocks): number => Math.floor(element / blocks.stride) % blocks.channels;

describe('periodic per-channel layout', () => {
  it('serves short blocks in calls of at least four periods, with a period of at least 16 elements', () => {
    expect(periodicLayout({ stride: 1, channels: 64 }, 1024)).toEqual({ period: 64, tableLength: 80 });
    expect(periodicLayout({ stride: 1, channels: 3 }, 1024)).toEqual({ period: 18, tableLength: 36 });
    expect(periodicLayout({ stride: 1, channels: 2 }, 1024)).toEqual({ period: 16, tableLength: 32 });
    expect(periodicLayout({ stride: 15, channels: 5 }, 1024)).toEqual({ period: 75, tableLength: 92 });
    expect(periodicLayout({ stride: 1, channels: 64 }, 255)).toBeUndefined();
    expect(periodicLayout({ stride: 64, channels: 2 }, 1 << 20)).toBeUndefined();
    expect(periodicLayout({ stride: 1, channels: 1 }, 1 << 20)).toBeUndefined();
    expect(periodicLayout({ stride: 32, channels: 4096 }, 1 << 24)).toBeUndefined();
  });

  it('lays each per-channel slot out as the value of the channel of each element, the next period continuing past the end', () => {
    for (const blocks of [{ stride: 2, channels: 3 }, { stride: 1, channels: 64 }, { stride: 1, channels: 3 }, { stride: 5, channels: 2 }]) {
      const layout = periodicLayout(blocks, 1 << 16);
      if (layout === undefined) throw new Error('expected a periodic layout');
      // One scalar slot, then two per-channel slots.
      const values = Float32Array.from({ length: 1 + 2 * blocks.channels }, (_, index) => 10 + index);
      const target = new Float32Array(2 + periodicSlotsLength(values, 1, blocks, layout));
      writePeriodicSlots(target, 2, values, 1, blocks, layout);
      expect(target[2]).toBe(10);
      for (let slot = 0; slot < 2; slot++) {
        for (let element = 0; element < layout.tableLength; element++) {
          expect(target[3 + slot * layout.tableLength + element]).toBe(values[1 + slot * blocks.channels + channelOfElement(element, blocks)]);
        }
      }
    }
  });

  it('folds float64 tables into per-channel sums by the channel of each entry', () => {
    const blocks = { stride: 3, channels: 2 };
    const layout = periodicLayout(blocks, 1 << 16);
    if (layout === undefined) throw new Error('expected a periodic layout');
    const tables = Float64Array.from({ length: 2 * layout.tableLength }, (_, index) => 2 ** (index % 40));
    const expected = new Float64Array(2 * blocks.channels);
    tables.forEach((value, index) => {
      const parameter = Math.floor(index / layout.tableLength);
      const channel = channelOfElement(index % layout.tableLength, blocks);
      expected[parameter * blocks.channels + channel] = (expected[parameter * blocks.channels + channel] ?? 0) + value;
    });
    const sums = new Float64Array(2 * blocks.channels + 1).fill(7);
    foldPeriodicSums(tables, 2, blocks, layout, sums);
    expect(Array.from(sums.subarray(0, 2 * blocks.channels))).toEqual(Array.from(expected));
    expect(sums[2 * blocks.channels]).toBe(7);
  });
});

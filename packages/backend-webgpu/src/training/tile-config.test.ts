import { describe, expect, it } from 'vitest';
import { chooseTile, tileCols, tileRows, tileStorageBytes } from './tile-config.js';

const compatibility = { maxComputeInvocationsPerWorkgroup: 128, maxComputeWorkgroupSizeX: 128, maxComputeWorkgroupSizeY: 128, maxComputeWorkgroupStorageSize: 16384 };

describe('chooseTile', () => {
  it('takes the largest tile that still gives the wanted number of workgroups', () => {
    expect(tileRows(chooseTile(1024, 1024, compatibility))).toBe(64);
    expect(tileRows(chooseTile(200, 200, compatibility))).toBe(32);
    expect([tileRows(chooseTile(64, 128, compatibility)), tileCols(chooseTile(64, 128, compatibility))]).toEqual([16, 16]);
    expect(tileRows(chooseTile(64, 128, compatibility, 1))).toBe(64);
  });

  it('stays within the invocation and workgroup-memory limits', () => {
    const tight = { ...compatibility, maxComputeInvocationsPerWorkgroup: 64, maxComputeWorkgroupStorageSize: 4096 };
    const tile = chooseTile(1024, 1024, tight);
    expect(tile.threadsX * tile.threadsY).toBeLessThanOrEqual(64);
    expect(tileStorageBytes(tile)).toBeLessThanOrEqual(4096);
  });
});

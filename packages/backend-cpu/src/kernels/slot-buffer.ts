import type { ResolvedParams, SlotLayout } from '@rectify/activation-core';
import { slotValuesLength, writeSlotValues } from '@rectify/activation-core';

/**
 * One buffer for the slot values of calls with per-channel parameters, which change from call to
 * call: a typed array of more than 64 bytes costs about 0.6 µs to allocate, as much as a 1,000-element
 * kernel. The values returned are valid until the next call of `values`.
 */
export class SlotBuffer {
  private buffer = new Float32Array(64);

  values(slots: SlotLayout, params: ResolvedParams, channels: number): Float32Array {
    const length = slotValuesLength(slots, channels);
    if (length > this.buffer.length) this.buffer = new Float32Array(Math.max(length, 2 * this.buffer.length));
    writeSlotValues(this.buffer, 0, slots, params, channels);
    return this.buffer.subarray(0, length);
  }
}

import { ByteWriter } from './byte-writer.js';
import { Op, Simd } from './opcodes.js';

/**
 * The v128 constants of a module, deduplicated, kept as globals that functions copy into locals at
 * entry. The globals are mutable so that the compiler cannot fold them back into `v128.const`.
 */
export class ConstantPool {
  private readonly indices = new Map<string, number>();
  private readonly entries: Uint8Array[] = [];

  /** The global index holding `bytes` (16 of them). */
  indexOf(bytes: Uint8Array): number {
    const key = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
    let index = this.indices.get(key);
    if (index === undefined) {
      index = this.entries.length;
      this.entries.push(Uint8Array.from(bytes));
      this.indices.set(key, index);
    }
    return index;
  }

  get size(): number {
    return this.entries.length;
  }

  /** The global section's content: one mutable v128 global per constant. */
  encode(): ByteWriter {
    const globals = new ByteWriter().u32(this.entries.length);
    for (const bytes of this.entries) {
      globals.u8(0x7b).u8(0x01).u8(Op.simdPrefix).u32(Simd.v128Const).raw(bytes).u8(Op.end);
    }
    return globals;
  }
}

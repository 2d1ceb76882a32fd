import { ByteWriter } from './byte-writer.js';
import { ConstantPool } from './constant-pool.js';
import { FunctionBuilder } from './function-builder.js';
import type { ValueType } from './opcodes.js';
import { valueTypeCode } from './opcodes.js';

export interface MemoryImport {
  readonly module: string;
  readonly name: string;
  /** Pages of 64 KiB. */
  readonly initial: number;
  readonly maximum: number;
  readonly shared: boolean;
}

interface ExportedFunction {
  readonly name: string;
  readonly builder: FunctionBuilder;
}

const section = (id: number, content: ByteWriter): ByteWriter => new ByteWriter().u8(id).sized(content);

/** Builds a module that imports one memory and exports functions. */
export class ModuleBuilder {
  private readonly functions: ExportedFunction[] = [];
  private readonly constants = new ConstantPool();

  constructor(private readonly memory: MemoryImport) {}

  addFunction(name: string, params: readonly ValueType[], results: readonly ValueType[], build: (f: FunctionBuilder) => void): void {
    const builder = new FunctionBuilder(params, results, this.constants);
    build(builder);
    this.functions.push({ name, builder });
  }

  toBytes(): Uint8Array<ArrayBuffer> {
    const out = new ByteWriter().raw([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

    const types = new ByteWriter().u32(this.functions.length);
    for (const { builder } of this.functions) {
      types.u8(0x60).u32(builder.paramTypes.length);
      for (const type of builder.paramTypes) types.u8(valueTypeCode[type]);
      types.u32(builder.resultTypes.length);
      for (const type of builder.resultTypes) types.u8(valueTypeCode[type]);
    }
    out.raw(section(1, types).toBytes());

    const { module, name, initial, maximum, shared } = this.memory;
    const imports = new ByteWriter().u32(1).name(module).name(name).u8(0x02).u8(shared ? 0x03 : 0x01).u32(initial).u32(maximum);
    out.raw(section(2, imports).toBytes());

    const declarations = new ByteWriter().u32(this.functions.length);
    this.functions.forEach((_, index) => declarations.u32(index));
    out.raw(section(3, declarations).toBytes());

    if (this.constants.size > 0) out.raw(section(6, this.constants.encode()).toBytes());

    const exports = new ByteWriter().u32(this.functions.length);
    this.functions.forEach(({ name: exportName }, index) => exports.name(exportName).u8(0x00).u32(index));
    out.raw(section(7, exports).toBytes());

    const code = new ByteWriter().u32(this.functions.length);
    for (const { builder } of this.functions) code.raw(builder.encode());
    out.raw(section(10, code).toBytes());
    return out.toBytes();
  }
}

/**
 * A minimal protobuf encoder for the parts of the ONNX schema a one-node model needs
 * (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto), so the
 * benchmark can build its models in memory without an ONNX toolchain.
 * Field numbers follow onnx/onnx.proto.
 */

const wireVarint = 0;
const wireFixed32 = 5;
const wireLengthDelimited = 2;

const tensorFloat = 1; // TensorProto.DataType.FLOAT
const attributeFloat = 1; // AttributeProto.AttributeType.FLOAT
const attributeInt = 2;
const attributeString = 3;

/** Appends protobuf fields; nested messages are encoded separately and embedded as bytes. */
class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];

  private raw(bytes: Uint8Array): void {
    this.chunks.push(bytes);
  }

  private varintBytes(value: number): Uint8Array {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`varint out of range: ${value}`);
    const out: number[] = [];
    let rest = value;
    while (rest >= 0x80) {
      out.push((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    out.push(rest);
    return Uint8Array.from(out);
  }

  private tag(field: number, wireType: number): void {
    this.raw(this.varintBytes(field * 8 + wireType));
  }

  varint(field: number, value: number): this {
    this.tag(field, wireVarint);
    this.raw(this.varintBytes(value));
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, wireFixed32);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.raw(bytes);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, wireLengthDelimited);
    this.raw(this.varintBytes(value.length));
    this.raw(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, value: ProtoWriter): this {
    return this.bytes(field, value.finish());
  }

  finish(): Uint8Array {
    const length = this.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const out = new Uint8Array(length);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}

export type AttributeValue = number | { readonly int: number } | { readonly string: string };

export interface OnnxNode {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** Plain numbers are FLOAT attributes. */
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

export interface OnnxInitializer {
  readonly name: string;
  readonly dims: readonly number[];
  readonly values: Float32Array;
}

export interface OnnxGraph {
  readonly nodes: readonly OnnxNode[];
  /** Float32 graph inputs and outputs with fixed shapes. */
  readonly inputs: readonly { readonly name: string; readonly dims: readonly number[] }[];
  readonly outputs: readonly { readonly name: string; readonly dims: readonly number[] }[];
  readonly initializers?: readonly OnnxInitializer[];
  readonly opset: number;
}

function encodeAttribute(name: string, value: AttributeValue): ProtoWriter {
  const attribute = new ProtoWriter().string(1, name);
  if (typeof value === 'number') return attribute.float(2, value).varint(20, attributeFloat);
  if ('int' in value) return attribute.varint(3, value.int).varint(20, attributeInt);
  return attribute.bytes(4, new TextEncoder().encode(value.string)).varint(20, attributeString);
}

function encodeNode(node: OnnxNode, index: number): ProtoWriter {
  const proto = new ProtoWriter();
  for (const input of node.inputs) proto.string(1, input);
  for (const output of node.outputs) proto.string(2, output);
  proto.string(3, `node${index}`).string(4, node.opType);
  for (const [name, value] of Object.entries(node.attributes ?? {})) proto.message(5, encodeAttribute(name, value));
  return proto;
}

function encodeInitializer(init: OnnxInitializer): ProtoWriter {
  const proto = new ProtoWriter();
  for (const dim of init.dims) proto.varint(1, dim);
  proto.varint(2, tensorFloat).string(8, init.name);
  const raw = new Uint8Array(init.values.length * 4);
  const view = new DataView(raw.buffer);
  init.values.forEach((v, i) => {
    view.setFloat32(i * 4, v, true);
  });
  return proto.bytes(9, raw);
}

function encodeValueInfo(name: string, dims: readonly number[]): ProtoWriter {
  const shape = new ProtoWriter();
  for (const dim of dims) shape.message(1, new ProtoWriter().varint(1, dim));
  const tensorType = new ProtoWriter().varint(1, tensorFloat).message(2, shape);
  const type = new ProtoWriter().message(1, tensorType);
  return new ProtoWriter().string(1, name).message(2, type);
}

/** Serializes a ModelProto (IR version 9, default domain only). */
export function encodeModel(graph: OnnxGraph): Uint8Array {
  const graphProto = new ProtoWriter();
  graph.nodes.forEach((node, i) => graphProto.message(1, encodeNode(node, i)));
  graphProto.string(2, 'bench');
  for (const init of graph.initializers ?? []) graphProto.message(5, encodeInitializer(init));
  for (const input of graph.inputs) graphProto.message(11, encodeValueInfo(input.name, input.dims));
  for (const output of graph.outputs) graphProto.message(12, encodeValueInfo(output.name, output.dims));

  const opset = new ProtoWriter().string(1, '').varint(2, graph.opset);
  return new ProtoWriter().varint(1, 9).string(2, 'rectify-bench').message(7, graphProto).message(8, opset).finish();
}

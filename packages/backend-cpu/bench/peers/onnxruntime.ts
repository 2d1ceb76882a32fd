/**
 * onnxruntime-node on its CPU execution provider, one single-node model per case built in memory.
 * Sessions use intraOpNumThreads = the case's thread count, sequential execution and all graph
 * optimizations; session.run writes into a preallocated output tensor passed as a fetch.
 */
import * as ort from 'onnxruntime-node';
import type { Case } from '../cases.js';
import { preluShape, preluSlopes } from '../cases.js';
import type { OnnxGraph, OnnxInitializer, OnnxNode } from './onnx-model.js';
import { encodeModel } from './onnx-model.js';
import type { Note, Peer, Runner } from './peer.js';
import { caseInput } from './peer.js';

/** Opset 20 is the first with Gelu; Mish needs 18. */
const opset = 20;

const scalar = (name: string, value: number): OnnxInitializer => ({ name, dims: [], values: Float32Array.of(value) });
const unary = (opType: string, attributes: OnnxNode['attributes'] = {}): OnnxNode => ({ opType, inputs: ['x'], outputs: ['y'], attributes });

interface ModelSpec {
  readonly dims: readonly number[];
  readonly nodes: readonly OnnxNode[];
  readonly initializers?: readonly OnnxInitializer[];
  readonly note?: Note;
}

/** The ONNX graph for a forward case; undefined when ONNX has no such operator. */
function modelSpec(c: Case): ModelSpec | undefined {
  if (c.op.direction !== 'forward') return undefined; // gradient kernels exist only in training builds
  const dims = [c.size];
  switch (c.op.id) {
    case 'relu':
      return { dims, nodes: [unary('Relu')] };
    case 'leaky_relu':
      return { dims, nodes: [unary('LeakyRelu', { alpha: 0.01 })] };
    case 'prelu': {
      const [n, channels, spatial] = preluShape(c.size);
      const slope: OnnxInitializer = { name: 'slope', dims: [channels, 1], values: preluSlopes(channels) }; // broadcasts over [N, C, S]
      return { dims: [n, channels, spatial], nodes: [{ opType: 'PRelu', inputs: ['x', 'slope'], outputs: ['y'] }], initializers: [slope] };
    }
    case 'elu':
      return { dims, nodes: [unary('Elu', { alpha: 1 })] };
    case 'selu':
      return { dims, nodes: [unary('Selu')] };
    case 'smooth/gelu':
      return { dims, nodes: [unary('Gelu', { approximate: { string: 'none' } })] };
    case 'smooth/silu':
      return {
        dims,
        nodes: [
          { opType: 'Sigmoid', inputs: ['x'], outputs: ['s'] },
          { opType: 'Mul', inputs: ['x', 's'], outputs: ['y'] },
        ],
        note: 'composite',
      };
    case 'relu6':
    case 'hardtanh': {
      const [low, high] = c.op.id === 'relu6' ? [0, 6] : [-1, 1];
      return {
        dims,
        nodes: [{ opType: 'Clip', inputs: ['x', 'low', 'high'], outputs: ['y'] }],
        initializers: [scalar('low', low), scalar('high', high)],
      };
    }
    case 'threshold':
      return { dims, nodes: [unary('ThresholdedRelu', { alpha: 1 })] };
    case 'celu':
      return { dims, nodes: [unary('Celu', { alpha: 1 })] };
    case 'smooth/mish':
      return { dims, nodes: [unary('Mish')] };
    case 'smooth/softplus':
      return { dims, nodes: [unary('Softplus')] };
    case 'sigmoid':
      return { dims, nodes: [unary('Sigmoid')] };
    default:
      return undefined;
  }
}

export function buildModel(spec: ModelSpec): Uint8Array {
  const graph: OnnxGraph = {
    nodes: spec.nodes,
    inputs: [{ name: 'x', dims: spec.dims }],
    outputs: [{ name: 'y', dims: spec.dims }],
    initializers: spec.initializers ?? [],
    opset,
  };
  return encodeModel(graph);
}

export const onnxruntimePeer: Peer = {
  name: 'ort',
  prepare: (plan) =>
    Promise.resolve({
      available: true,
      description:
        `onnxruntime-node ${ort.env.versions.node ?? '?'}, CPU EP, opset ${opset}, intraOpNumThreads ${plan.threads}, ` +
        'interOpNumThreads 1, sequential, graphOptimizationLevel all, preallocated output via fetches',
    }),
  setup: async (c): Promise<Runner | undefined> => {
    const spec = modelSpec(c);
    if (spec === undefined) return undefined;
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(buildModel(spec), {
        executionProviders: ['cpu'],
        intraOpNumThreads: c.threads,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
      });
    } catch {
      return undefined; // operator not implemented by this build
    }
    const feeds = { x: new ort.Tensor('float32', caseInput(c), spec.dims) };
    const fetches = { y: new ort.Tensor('float32', new Float32Array(c.size), spec.dims) };
    const release = (): Promise<void> => session.release();
    try {
      await session.run(feeds, fetches);
    } catch {
      await release();
      return undefined;
    }
    return {
      kind: 'async',
      ...(spec.note === undefined ? {} : { note: spec.note }),
      run: async () => {
        await session.run(feeds, fetches);
      },
      dispose: release,
    };
  },
  close: () => Promise.resolve(),
};

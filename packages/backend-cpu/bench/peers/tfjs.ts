/**
 * TensorFlow.js 4.22 on its pure-JavaScript CPU backend and on its WebAssembly backend.
 * Both register globally with tfjs-core, so each case switches the active backend and creates
 * its tensors afterwards. Inputs are created outside the timed region; outputs are disposed
 * inside it. Both backends execute synchronously, so no dataSync() is needed to wait for results.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { Case } from '../cases.js';
import { preluShape, preluSlopes } from '../cases.js';
import type { Note, Peer, Runner } from './peer.js';
import { caseGrad, caseInput } from './peer.js';

type BackendName = 'cpu' | 'wasm';

interface TfOp {
  readonly apply: () => tf.Tensor;
  readonly note?: Note;
}

let initialized: Promise<void> | undefined;

function initialize(): Promise<void> {
  initialized ??= (async () => {
    // PROD skips debug checks and the "install tfjs-node" banner.
    tf.env().set('PROD', true);
    const require = createRequire(import.meta.url);
    const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
    setWasmPaths(`${wasmDir}${path.sep}`);
    if (!(await tf.setBackend('cpu'))) throw new Error('tfjs cpu backend failed to initialize');
  })();
  return initialized;
}

/** Builds the tfjs call for a case from tensors created here; undefined when tfjs has no such op. */
function tfOp(c: Case, tensors: tf.Tensor[]): TfOp | undefined {
  const keep = <T extends tf.Tensor>(t: T): T => {
    tensors.push(t);
    return t;
  };
  const { id, direction } = c.op;
  if (direction !== 'forward') {
    const x = keep(tf.tensor1d(caseInput(c)));
    const dy = keep(tf.tensor1d(caseGrad(c)));
    if (id === 'relu' && direction === 'backward') {
      // tfjs's registered Relu gradient: dy * cast(step(x)).
      return { apply: () => tf.tidy(() => tf.mul(dy, tf.cast(tf.step(x), 'float32'))), note: 'composite' };
    }
    if (id === 'elu') {
      // The EluGrad kernel reads the forward output y and dy, in both backward rows.
      const y = keep(tf.elu(x));
      return { apply: () => tf.engine().runKernel<tf.Tensor>(tf.EluGrad, { dy, y }) };
    }
    return undefined;
  }
  if (id === 'prelu') {
    const [n, channels, spatial] = preluShape(c.size);
    const x: tf.Tensor = keep(tf.tensor3d(caseInput(c), [n, channels, spatial]));
    const alpha: tf.Tensor = keep(tf.tensor2d(preluSlopes(channels), [channels, 1])); // broadcasts over [N, C, S]
    return { apply: () => tf.prelu(x, alpha) };
  }
  const x = keep(tf.tensor1d(caseInput(c)));
  switch (id) {
    case 'relu':
      return { apply: () => tf.relu(x) };
    case 'leaky_relu':
      return { apply: () => tf.leakyRelu(x, 0.01) };
    case 'elu':
      return { apply: () => tf.elu(x) };
    case 'selu':
      return { apply: () => tf.selu(x) };
    case 'relu6':
      return { apply: () => tf.relu6(x) };
    case 'hardtanh':
      return { apply: () => tf.clipByValue(x, -1, 1) };
    case 'smooth/softplus':
      return { apply: () => tf.softplus(x) };
    case 'sigmoid':
      return { apply: () => tf.sigmoid(x) };
    case 'smooth/silu':
      return { apply: () => tf.tidy(() => tf.mul(x, tf.sigmoid(x))), note: 'composite' };
    default:
      // No gelu, mish, celu or threshold op in tfjs-core 4.22.
      return undefined;
  }
}

export function createTfjsPeer(backend: BackendName): Peer {
  return {
    name: `tfjs-${backend}`,
    prepare: async () => {
      await initialize();
      if (!(await tf.setBackend(backend))) return { available: false, description: `tfjs ${backend} backend failed to initialize` };
      const settings =
        backend === 'wasm'
          ? `SIMD ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT')}, threads ${tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')} (tfjs disables wasm threads in Node)`
          : 'pure JavaScript, single thread';
      return { available: true, description: `tfjs-core ${tf.version_core}, backend ${backend}: ${settings}; PROD mode` };
    },
    setup: async (c): Promise<Runner | undefined> => {
      if (tf.getBackend() !== backend) await tf.setBackend(backend);
      const tensors: tf.Tensor[] = [];
      const disposeAll = (): void => {
        tf.dispose(tensors);
      };
      try {
        const op = tfOp(c, tensors);
        if (op === undefined) {
          disposeAll();
          return undefined;
        }
        const probe = op.apply(); // fails here when the backend lacks the kernel
        const size = probe.size;
        probe.dispose();
        if (size !== c.size) throw new Error(`output has ${size} elements, expected ${c.size}`);
        const { apply } = op;
        return {
          kind: 'sync',
          ...(op.note === undefined ? {} : { note: op.note }),
          run: () => {
            apply().dispose();
          },
          dispose: disposeAll,
        };
      } catch {
        disposeAll();
        return undefined;
      }
    },
    close: () => Promise.resolve(),
  };
}

/**
 * @rectify/backend-cpu itself, loaded dynamically from ../src so the benchmark runs (and says so)
 * before the backend exists. Buffers come from backend.allocate, so calls are zero-copy, and every
 * call writes into a preallocated output.
 */
import type { BackwardOptions, BackwardResult, ForwardOptions, ParamValue, Registry } from '@rectify/activation-core';
import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { preluShape, preluSlopes } from '../cases.js';
import type { Peer, Runner } from './peer.js';
import { errorMessage } from './peer.js';

type Params = Readonly<Record<string, ParamValue>>;

/** The part of the backend's API the benchmark uses. */
interface CpuBackend {
  readonly engine: string;
  readonly relaxedSimd: boolean;
  allocate(length: number): Float32Array;
  free(buffer: Float32Array): void;
  forward(id: string, input: Float32Array, params: Params, options: ForwardOptions): Float32Array;
  backward(id: string, input: Float32Array, gradOutput: Float32Array, params: Params, options: BackwardOptions): BackwardResult;
  destroy(): void;
}

type CreateCpuBackend = (options: { registry: Registry; threads: number }) => CpuBackend;

const sourceModule = '../../src/index.js';

async function loadFactory(): Promise<CreateCpuBackend | string> {
  try {
    const loaded: unknown = await import(sourceModule);
    if (typeof loaded === 'object' && loaded !== null && 'createCpuBackend' in loaded && typeof loaded.createCpuBackend === 'function') {
      return loaded.createCpuBackend as CreateCpuBackend;
    }
    return 'createCpuBackend is not exported';
  } catch (error) {
    return errorMessage(error);
  }
}

export const notBuiltMessage = 'rectify: not built yet';

export function createRectifyPeer(): Peer {
  let backend: CpuBackend | undefined;
  return {
    name: 'ours',
    prepare: async (plan) => {
      const factory = await loadFactory();
      if (typeof factory === 'string') return { available: false, description: `${notBuiltMessage} (${factory})` };
      const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
      backend = factory({ registry, threads: plan.threads });
      return { available: true, description: `@rectify/backend-cpu, engine ${backend.engine}${backend.relaxedSimd ? ' with relaxed SIMD multiply-add' : ''}, threads ${plan.threads}, allocate()d buffers, preallocated out` };
    },
    setup: (c): Promise<Runner | undefined> => {
      const active = backend;
      if (active === undefined) return Promise.resolve(undefined);
      const buffers: Float32Array[] = [];
      const allocate = (source?: Float32Array): Float32Array => {
        const buffer = active.allocate(c.size);
        if (source !== undefined) buffer.set(source.subarray(0, c.size));
        buffers.push(buffer);
        return buffer;
      };
      const dispose = (): void => {
        for (const buffer of buffers) active.free(buffer);
      };
      try {
        const x = allocate(c.inputs.x);
        const out = allocate();
        const { id } = c.op;
        let params: Params = c.op.params;
        let shape: readonly number[] = [c.size];
        if (id === 'prelu') {
          shape = preluShape(c.size);
          params = { ...params, alpha: preluSlopes(shape[1] ?? 1) };
        }
        let run: () => void;
        if (c.op.direction === 'forward') {
          run = () => {
            active.forward(id, x, params, { out, shape });
          };
        } else {
          const grad = allocate(c.inputs.grad);
          const output = c.op.direction === 'backward-from-output' ? active.forward(id, x, params, { out: allocate(), shape }) : undefined;
          run = () => {
            active.backward(id, x, grad, params, { out, shape, paramGradients: c.op.inputGradientOnly !== true, ...(output === undefined ? {} : { output }) });
          };
        }
        run(); // unsupported ids fail here
        return Promise.resolve({ kind: 'sync', run, dispose });
      } catch (error) {
        console.warn(`ours: ${c.op.direction} ${c.op.id} at ${c.size}: ${errorMessage(error)}`);
        dispose();
        return Promise.resolve(undefined);
      }
    },
    close: () => {
      backend?.destroy();
      backend = undefined;
      return Promise.resolve();
    },
  };
}

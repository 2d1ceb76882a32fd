import type { ActivationBackwardResult, DenseForwardResult, Registry, TrainingBackend } from '@rectify/activation-core';
import {
  channelLayout,
  checkClipRange,
  checkDenseShapes,
  checkDropoutRate,
  checkFiniteNumber,
  checkMatmulShapes,
  checkMatrix,
  checkRowIndices,
  checkSameShape,
  checkSeed,
  checkShape,
  checkSoftmaxCrossEntropyShapes,
  dropoutScale,
  dropoutThreshold,
  optimizerFactors,
  RectifyError,
  resolveOptimizer,
  seedKey,
} from '@rectify/activation-core';
import { adapterText } from '../adapter-text.js';
import type { BufferPool } from '../buffer-pool.js';
import { paddedBytes, storageUsage } from '../gpu-types.js';
import { WebGPUTensor } from '../tensor.js';
import type { BindingName } from '../wgsl/kernel-source.js';
import { bindKernelBuffers, bindsBuffer, reductionSource, uniformHeaderBytes, workgroupsFor } from '../wgsl/kernel-source.js';
import { describeActivation } from './activation-call.js';
import type { DescribedActivation } from './activation-call.js';
import { ActivationKernels } from './activation-kernels.js';
import { writeChannelValues } from './channel-values.js';
import type { KernelCacheStats } from './compute-kernels.js';
import { ComputeKernels, sequentialBindings } from './compute-kernels.js';
import type { ElementwiseOp } from './elementwise-source.js';
import { elementwiseArity, elementwiseSource, elementwiseUniformBytes } from './elementwise-source.js';
import { gatherRowsSource } from './gather-source.js';
import { softmaxCrossEntropySource, softmaxCrossEntropyUniformBytes } from './loss-source.js';
import type { EpilogueSource, PreActivationStore } from './matmul-source.js';
import { matmulBinding, matmulHeaderBytes, matmulSource } from './matmul-source.js';
import { optimizerSource, optimizerUniformBytes } from './optimizer-source.js';
import type { BoundBuffer } from './recorder.js';
import { Recorder } from './recorder.js';
import type { SumTerm } from './reduction-source.js';
import { argmaxSource, reductionUniformBytes, sumRowsSource, sumSource } from './reduction-source.js';
import { bufferOfTensor } from './tensor-access.js';
import type { TileConfig } from './tile-config.js';
import { chooseTile, tileCols, tileKey, tileRows } from './tile-config.js';

/** What the training ops need from the backend that hosts them. */
export interface TrainingContext {
  readonly device: GPUDevice;
  readonly pool: BufferPool;
  /** Identifies this backend's tensors. */
  readonly owner: object;
  readonly registry: Registry;
  /** Invocations per workgroup of the element-wise and reduction kernels (a power of two). */
  readonly workgroupSize: number;
  /** Consecutive vec4s each invocation of an activation kernel computes. */
  readonly vectorsPerInvocation: number;
  /** Throws once the backend is destroyed or its device lost. */
  readonly checkUsable: () => void;
  /** Throws SHAPE_MISMATCH past the largest buffer one binding may hold. */
  readonly checkSize: (length: number, what: string) => void;
}

type OwnMethods = 'name' | 'registry' | 'forward' | 'backward' | 'read' | 'dispose';

export type TrainingOps = Omit<TrainingBackend<WebGPUTensor>, OwnMethods>;

export interface TrainingOpsHandle {
  readonly ops: TrainingOps;
  /** Pipelines of the training ops: created and reused. */
  readonly stats: () => KernelCacheStats;
}

const sumGroupsLimit = 256;

/**
 * CPU rasterisers (Mesa's llvmpipe and lavapipe, SwiftShader, WARP) run a workgroup as one SIMD
 * loop on one core, where barriers cost more than idle cores: the largest tile wins there, while a
 * GPU wants many workgroups for a small layer (measured on llvmpipe: 1.2-1.5 GFLOP/s against
 * 0.1-0.5 for the MNIST layer with the smallest tile).
 */
function isSoftwareAdapter(device: GPUDevice): boolean {
  return /llvmpipe|lavapipe|softpipe|swiftshader|\bwarp\b|software/.test(adapterText(device));
}

/**
 * The training ops of the WebGPU backend. Every op checks all its arguments first, then records its
 * copies and dispatches in one command encoder and submits it: results are tensors at once, the GPU
 * works behind; only `read` waits. Scratch buffers go back to the pool right after the submit.
 */
export function createTrainingOps(context: TrainingContext): TrainingOpsHandle {
  const { device, pool, owner, registry, workgroupSize, vectorsPerInvocation, checkUsable, checkSize } = context;
  const limits = device.limits;
  const maxGroups = limits.maxComputeWorkgroupsPerDimension;
  const kernels = new ComputeKernels(device);
  const activations = new ActivationKernels(kernels, workgroupSize, vectorsPerInvocation);
  const minWorkgroups = isSoftwareAdapter(device) ? 1 : 32;
  const preActivationStore: PreActivationStore = limits.maxStorageBuffersPerShaderStage >= 5 ? 'own-binding' : 'after-output';

  const open = (tensor: unknown, what: string): GPUBuffer => bufferOfTensor(tensor, owner, what);
  const recorder = (): Recorder => new Recorder(device, pool, maxGroups);
  const make = (buffer: GPUBuffer, shape: readonly number[]): WebGPUTensor => new WebGPUTensor(owner, buffer, shape.reduce((total, size) => total * size, 1), shape);
  const allocate = (size: number, what: string): GPUBuffer => {
    checkSize(size, what);
    return pool.acquire(paddedBytes(size), storageUsage);
  };
  /** Opens every tensor given as an activation parameter, so ownership errors come before any work. */
  const openParams = (call: DescribedActivation): void => {
    for (const [name, tensor] of call.tensorParams) open(tensor, `parameter "${name}"`);
  };

  const elementwise = (rec: Recorder, op: ElementwiseOp, inputs: readonly GPUBuffer[], outputs: readonly GPUBuffer[], n: number, scalars: { a?: number; b?: number; key?: number; threshold?: number } = {}): void => {
    if (n === 0) return;
    const kernel = kernels.get(`elementwise|${op}|wg${workgroupSize}`, () => {
      const arity = elementwiseArity(op);
      return {
        label: `rectify ${op}`,
        code: elementwiseSource(op, workgroupSize),
        bindings: sequentialBindings('uniform', ...Array<GPUBufferBindingType>(arity.inputs).fill('read-only-storage'), ...Array<GPUBufferBindingType>(arity.outputs).fill('storage')),
      };
    });
    const count = Math.ceil(n / 4);
    const [groupsX, groupsY] = rec.fold(Math.ceil(count / workgroupSize));
    const header = new ArrayBuffer(elementwiseUniformBytes);
    new Uint32Array(header, 0, 4).set([n, count, groupsX, scalars.key ?? 0]);
    new Float32Array(header, 16, 2).set([scalars.a ?? 0, scalars.b ?? 0]);
    new Uint32Array(header, 24, 1).set([scalars.threshold ?? 0]);
    const buffers = [rec.uniforms(header), ...inputs, ...outputs].map((buffer, binding) => ({ binding, buffer }));
    rec.dispatch(kernel, buffers, [groupsX, groupsY]);
  };

  /** `target[0] = (sum of term over n elements) / divisor`, in two float32 levels. */
  const sum = (rec: Recorder, term: SumTerm, inputs: readonly GPUBuffer[], n: number, divisor: number, target: GPUBuffer): void => {
    if (n === 0) {
      rec.clear(target, 16);
      return;
    }
    const kernelOf = (which: SumTerm) =>
      kernels.get(`sum|${which}|wg${workgroupSize}`, () => ({
        label: `rectify sum ${which}`,
        code: sumSource(which, workgroupSize),
        bindings: sequentialBindings('uniform', 'read-only-storage', ...(which === 'squaredDifference' ? (['read-only-storage'] as const) : []), 'storage'),
      }));
    const level = (which: SumTerm, sources: readonly GPUBuffer[], length: number, groups: number, levelDivisor: number, out: GPUBuffer): void => {
      const header = new ArrayBuffer(reductionUniformBytes);
      new Uint32Array(header, 0, 3).set([length, Math.ceil(length / 4), groups]);
      new Float32Array(header, 12, 1).set([levelDivisor]);
      rec.dispatch(kernelOf(which), [rec.uniforms(header), ...sources, out].map((buffer, binding) => ({ binding, buffer })), [groups]);
    };
    const groups = Math.min(sumGroupsLimit, Math.ceil(Math.ceil(n / 4) / workgroupSize));
    if (groups === 1) {
      level(term, inputs, n, 1, divisor, target);
      return;
    }
    const partials = rec.scratch(groups);
    level(term, inputs, n, groups, 1, partials);
    level('value', [partials], groups, 1, divisor, target);
  };

  const sumRowsInto = (rec: Recorder, source: GPUBuffer, rows: number, cols: number, target: GPUBuffer): void => {
    if (cols === 0) return;
    if (rows === 0) {
      rec.clear(target, paddedBytes(cols));
      return;
    }
    const [groupsX, groupsY] = rec.fold(Math.ceil(cols / workgroupSize));
    const kernel = kernels.get(`sum-rows|wg${workgroupSize}`, () => ({ label: 'rectify sumRows', code: sumRowsSource(workgroupSize), bindings: sequentialBindings('uniform', 'read-only-storage', 'storage') }));
    const level = (input: GPUBuffer, levelRows: number, rowsPerChunk: number, chunks: number, out: GPUBuffer): void => {
      const header = new Uint32Array([levelRows, cols, rowsPerChunk, groupsX]);
      rec.dispatch(kernel, [rec.uniforms(header.buffer), input, out].map((buffer, binding) => ({ binding, buffer })), [groupsX, groupsY, chunks]);
    };
    const wanted = rows <= 256 ? 1 : Math.min(64, Math.ceil(rows / 64));
    const rowsPerChunk = Math.ceil(rows / wanted);
    const chunks = Math.ceil(rows / rowsPerChunk);
    if (chunks === 1) {
      level(source, rows, rows, 1, target);
      return;
    }
    const partials = rec.scratch(chunks * cols);
    level(source, rows, rowsPerChunk, chunks, partials);
    level(partials, chunks, chunks, 1, target);
  };

  /** Records `op(A) · op(B)` with an optional bias and activation epilogue into `output` (and the pre-activation). */
  const encodeMatmul = (
    rec: Recorder,
    shapes: { m: number; k: number; n: number; transposeA: boolean; transposeB: boolean },
    lhs: GPUBuffer,
    rhs: GPUBuffer,
    output: GPUBuffer,
    epilogue: { call: DescribedActivation; bias: GPUBuffer | undefined; preActivation: GPUBuffer | undefined } | undefined,
  ): void => {
    const { m, k, n, transposeA, transposeB } = shapes;
    if (m === 0 || n === 0) return;
    const tile: TileConfig = chooseTile(m, n, limits, minWorkgroups);
    const colTiles = Math.ceil(n / tileCols(tile));
    const tiles = colTiles * Math.ceil(m / tileRows(tile));
    const [groupsX, groupsY] = rec.fold(tiles);

    const prepared = epilogue === undefined ? undefined : activations.prepare(epilogue.call, 'forward');
    const perChannelSlots = prepared?.slots.perChannel.size ?? 0;
    const bias = epilogue?.bias;
    const channelValues = perChannelSlots > 0 || bias !== undefined;
    const store: PreActivationStore = epilogue?.preActivation === undefined ? 'none' : preActivationStore;
    const key = `matmul|${prepared?.codeKey ?? 'none'}|${tileKey(tile)}|${transposeA ? 'T' : 'N'}${transposeB ? 'T' : 'N'}|${bias === undefined ? '' : 'bias'}|${channelValues ? 'chan' : ''}|${store}`;
    const kernel = kernels.get(key, () => {
      const printed: EpilogueSource | undefined = prepared === undefined ? undefined : activations.epilogue(prepared);
      const bindings = sequentialBindings('uniform', 'read-only-storage', 'read-only-storage', 'storage');
      if (channelValues) bindings.push({ binding: matmulBinding.channels, type: 'read-only-storage' });
      if (store === 'own-binding') bindings.push({ binding: matmulBinding.preActivation, type: 'storage' });
      return {
        label: `rectify matmul ${epilogue?.call.definition.id ?? ''}`,
        code: matmulSource({ tile, transposeA, transposeB, bias: bias !== undefined, channelValues, epilogue: printed, preActivation: store }),
        bindings,
      };
    });

    const slots = prepared === undefined ? 1 : Math.max(1, Math.ceil(prepared.slots.scalar.size / 4));
    const size = m * n;
    const preOffset = Math.ceil(size / 4) * 4;
    const header = new ArrayBuffer(matmulHeaderBytes + 16 * slots);
    new Uint32Array(header, 0, 10).set([m, n, k, epilogue?.call.key ?? 0, n, colTiles, groupsX, preOffset, perChannelSlots * n, tiles]);
    new Float32Array(header, 40, 2).set([Number.POSITIVE_INFINITY, Number.NaN]);
    if (prepared !== undefined) new Float32Array(header, matmulHeaderBytes).set(prepared.scalarValues);
    const buffers: BoundBuffer[] = [
      { binding: matmulBinding.uniforms, buffer: rec.uniforms(header) },
      { binding: matmulBinding.lhs, buffer: lhs },
      { binding: matmulBinding.rhs, buffer: rhs },
      { binding: matmulBinding.output, buffer: output },
    ];
    if (channelValues && epilogue !== undefined && prepared !== undefined) {
      const values = rec.scratch((perChannelSlots + (bias === undefined ? 0 : 1)) * n);
      writeChannelValues(rec, kernels, owner, epilogue.call, prepared.slots, values);
      if (bias !== undefined) rec.copy(bias, 0, values, perChannelSlots * n * 4, n * 4);
      buffers.push({ binding: matmulBinding.channels, buffer: values });
    }
    if (store === 'own-binding' && epilogue?.preActivation !== undefined) buffers.push({ binding: matmulBinding.preActivation, buffer: epilogue.preActivation });
    rec.dispatch(kernel, buffers, [groupsX, groupsY]);
    if (store === 'after-output' && epilogue?.preActivation !== undefined) rec.copy(output, preOffset * 4, epilogue.preActivation, 0, size * 4);
  };

  /** Records the array API's element-wise activation kernel (forward or backward) over a tensor. */
  const encodeActivation = (rec: Recorder, call: DescribedActivation, kind: 'forward' | 'backward', n: number, input: GPUBuffer, gradOutput: GPUBuffer | undefined, output: GPUBuffer): Record<string, WebGPUTensor> => {
    const prepared = activations.prepare(call, kind);
    const names = prepared.prepared.gradientParams;
    const gradParams: Record<string, WebGPUTensor> = {};
    const sums = names.map((name) => {
      const channels = call.params[name]?.kind === 'channel' ? call.channels : 1;
      const buffer = allocate(channels, `gradient of "${name}"`);
      gradParams[name] = make(buffer, [channels]);
      return { name, channels, buffer };
    });
    if (n === 0) {
      for (const { channels, buffer } of sums) rec.clear(buffer, paddedBytes(channels));
      return gradParams;
    }
    const { kernel, source } = activations.elementwise(prepared);
    const count = Math.ceil(n / 4);
    const [groupsX, groupsY] = rec.fold(workgroupsFor(count, workgroupSize, source));
    const header = new ArrayBuffer(uniformHeaderBytes + 16 * source.uniformSlots);
    new Uint32Array(header, 0, 6).set([n, call.key >>> 0, call.stride, call.channels, groupsX, count]);
    new Float32Array(header, 24, 2).set([Number.POSITIVE_INFINITY, Number.NaN]);
    new Float32Array(header, uniformHeaderBytes).set(prepared.scalarValues);
    const buffers: { [name in BindingName]?: GPUBuffer } = { uniforms: rec.uniforms(header), input, output };
    if (gradOutput !== undefined) buffers.grad = gradOutput;
    const bytes = paddedBytes(n);
    let contributions: GPUBuffer | undefined;
    if (bindsBuffer(source, 'contributions')) {
      contributions = rec.scratch((bytes / 4) * names.length);
      buffers.contributions = contributions;
    }
    if (bindsBuffer(source, 'channels')) {
      const values = rec.scratch(prepared.slots.perChannel.size * call.channels);
      writeChannelValues(rec, kernels, owner, call, prepared.slots, values);
      buffers.channels = values;
    }
    rec.dispatch(kernel, bindKernelBuffers(source, buffers), [groupsX, groupsY]);
    if (contributions === undefined) return gradParams;
    const reduction = kernels.get(`parameter-gradients|wg${workgroupSize}`, () => ({
      label: 'rectify parameter gradients',
      code: reductionSource(workgroupSize),
      bindings: sequentialBindings('uniform', 'read-only-storage', 'storage'),
    }));
    sums.forEach(({ channels, buffer }, index) => {
      const [rx, ry] = rec.fold(channels);
      const uniforms = new Uint32Array([n, channels === 1 ? Math.max(1, n) : call.stride, channels, (index * bytes) / 4, 0, rx, 0, 0]);
      rec.dispatch(reduction, [rec.uniforms(uniforms.buffer), contributions, buffer].map((bound, binding) => ({ binding, buffer: bound })), [rx, ry]);
    });
    return gradParams;
  };

  const binary = (op: 'add' | 'sub' | 'mul') => (a: WebGPUTensor, b: WebGPUTensor): WebGPUTensor => {
    checkUsable();
    const left = open(a, `${op}: a`);
    const right = open(b, `${op}: b`);
    checkSameShape(op, a.shape, b.shape);
    const output = allocate(a.size, `${op} output`);
    const rec = recorder();
    elementwise(rec, op, [left, right], [output], a.size);
    rec.submit();
    return make(output, a.shape);
  };

  const sumOf = (term: SumTerm, what: string) => (a: WebGPUTensor): WebGPUTensor => {
    checkUsable();
    const input = open(a, `${what}: a`);
    const output = allocate(1, what);
    const rec = recorder();
    sum(rec, term, [input], a.size, 1, output);
    rec.submit();
    return make(output, [1]);
  };

  const ops: TrainingOps = {
    tensor(data, shape) {
      checkUsable();
      if (!(data instanceof Float32Array)) throw new RectifyError('INVALID_DTYPE', 'tensor() takes a Float32Array.');
      const size = checkShape(shape);
      if (size !== data.length) throw new RectifyError('SHAPE_MISMATCH', `tensor(): shape [${shape.join(', ')}] holds ${size} elements but the data has ${data.length}.`, { shape, length: data.length });
      const buffer = allocate(size, 'tensor()');
      if (size > 0) device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
      return make(buffer, shape);
    },

    zeros(shape) {
      checkUsable();
      const size = checkShape(shape);
      const buffer = allocate(size, 'zeros()');
      const rec = recorder();
      rec.clear(buffer, paddedBytes(size));
      rec.submit();
      return make(buffer, shape);
    },

    fill(shape, value) {
      checkUsable();
      const size = checkShape(shape);
      if (typeof value !== 'number') throw new RectifyError('INVALID_OPTION', `fill(): value must be a number, got ${typeof value}.`);
      const buffer = allocate(size, 'fill()');
      const rec = recorder();
      elementwise(rec, 'fill', [], [buffer], size, { a: value });
      rec.submit();
      return make(buffer, shape);
    },

    matmul(a, b, options = {}) {
      checkUsable();
      const lhs = open(a, 'matmul: a');
      const rhs = open(b, 'matmul: b');
      const [m, k, n] = checkMatmulShapes(a.shape, b.shape, options);
      const output = allocate(m * n, 'matmul output');
      const rec = recorder();
      encodeMatmul(rec, { m, k, n, transposeA: options.transposeA === true, transposeB: options.transposeB === true }, lhs, rhs, output, undefined);
      rec.submit();
      return make(output, [m, n]);
    },

    denseForward(x, w, bias, activation, options = {}): DenseForwardResult<WebGPUTensor> {
      checkUsable();
      const input = open(x, 'denseForward: x');
      const weights = open(w, 'denseForward: w');
      const biasBuffer = bias === undefined ? undefined : open(bias, 'denseForward: bias');
      const [batch, inputs, units] = checkDenseShapes(x.shape, w.shape, bias?.shape);
      const call = describeActivation(registry, activation, batch * units, channelLayout(batch * units, [batch, units]));
      openParams(call);
      const keep = options.keepPreActivation === true;
      const size = batch * units;
      checkSize(keep && preActivationStore === 'after-output' ? 2 * size : size, 'denseForward output');
      const output = pool.acquire(paddedBytes(keep && preActivationStore === 'after-output' ? Math.ceil(size / 4) * 4 + size : size), storageUsage);
      const preActivation = keep ? allocate(size, 'denseForward pre-activation') : undefined;
      const rec = recorder();
      encodeMatmul(rec, { m: batch, k: inputs, n: units, transposeA: false, transposeB: false }, input, weights, output, { call, bias: biasBuffer, preActivation });
      rec.submit();
      return { output: make(output, [batch, units]), preActivation: preActivation === undefined ? undefined : make(preActivation, [batch, units]) };
    },

    activationForward(input, activation) {
      checkUsable();
      const buffer = open(input, 'activationForward: input');
      const call = describeActivation(registry, activation, input.size, channelLayout(input.size, input.shape));
      openParams(call);
      const output = allocate(input.size, 'activationForward output');
      const rec = recorder();
      encodeActivation(rec, call, 'forward', input.size, buffer, undefined, output);
      rec.submit();
      return make(output, input.shape);
    },

    activationBackward(input, gradOutput, activation): ActivationBackwardResult<WebGPUTensor> {
      checkUsable();
      const buffer = open(input, 'activationBackward: input');
      const upstream = open(gradOutput, 'activationBackward: gradOutput');
      checkSameShape('activationBackward', input.shape, gradOutput.shape);
      const call = describeActivation(registry, activation, input.size, channelLayout(input.size, input.shape));
      openParams(call);
      const output = allocate(input.size, 'activationBackward output');
      const rec = recorder();
      const gradParams = encodeActivation(rec, call, 'backward', input.size, buffer, upstream, output);
      rec.submit();
      return { gradInput: make(output, input.shape), gradParams };
    },

    add: binary('add'),
    sub: binary('sub'),
    mul: binary('mul'),

    scale(a, factor) {
      checkUsable();
      const input = open(a, 'scale: a');
      checkFiniteNumber('scale: factor', factor);
      const output = allocate(a.size, 'scale output');
      const rec = recorder();
      elementwise(rec, 'scale', [input], [output], a.size, { a: factor });
      rec.submit();
      return make(output, a.shape);
    },

    clip(a, min, max) {
      checkUsable();
      const input = open(a, 'clip: a');
      checkClipRange(min, max);
      const output = allocate(a.size, 'clip output');
      const rec = recorder();
      elementwise(rec, 'clip', [input], [output], a.size, { a: min, b: max });
      rec.submit();
      return make(output, a.shape);
    },

    sumRows(a) {
      checkUsable();
      const input = open(a, 'sumRows: a');
      const [rows, cols] = checkMatrix('sumRows: a', a.shape);
      const output = allocate(cols, 'sumRows output');
      const rec = recorder();
      sumRowsInto(rec, input, rows, cols, output);
      rec.submit();
      return make(output, [cols]);
    },

    sum: sumOf('value', 'sum'),
    sumSquares: sumOf('square', 'sumSquares'),

    argmax(a) {
      checkUsable();
      const input = open(a, 'argmax: a');
      const [rows, cols] = checkMatrix('argmax: a', a.shape);
      if (cols === 0) throw new RectifyError('SHAPE_MISMATCH', 'argmax: rows must have at least one column.');
      const output = allocate(rows, 'argmax output');
      const rec = recorder();
      if (rows > 0) {
        const kernel = kernels.get(`argmax|wg${workgroupSize}`, () => ({ label: 'rectify argmax', code: argmaxSource(workgroupSize), bindings: sequentialBindings('uniform', 'read-only-storage', 'storage') }));
        const [groupsX, groupsY] = rec.fold(Math.ceil(rows / workgroupSize));
        const header = new Uint32Array([rows, cols, groupsX, 0]);
        rec.dispatch(kernel, [rec.uniforms(header.buffer), input, output].map((buffer, binding) => ({ binding, buffer })), [groupsX, groupsY]);
      }
      rec.submit();
      return make(output, [rows]);
    },

    gatherRows(a, indices) {
      checkUsable();
      const input = open(a, 'gatherRows: a');
      const rows = a.shape[0];
      if (rows === undefined) throw new RectifyError('SHAPE_MISMATCH', 'gatherRows: a must have at least one axis.');
      const checked = checkRowIndices(indices, rows);
      const rowSize = rows === 0 ? 0 : a.size / rows;
      const shape = [checked.length, ...a.shape.slice(1)];
      const total = checked.length * rowSize;
      const output = allocate(total, 'gatherRows output');
      const rec = recorder();
      if (total > 0) {
        const kernel = kernels.get(`gather-rows|wg${workgroupSize}`, () => ({
          label: 'rectify gatherRows',
          code: gatherRowsSource(workgroupSize),
          bindings: sequentialBindings('uniform', 'read-only-storage', 'read-only-storage', 'storage'),
        }));
        const [groupsX, groupsY] = rec.fold(Math.ceil(total / workgroupSize));
        const header = new Uint32Array([total, rowSize, groupsX, 0]);
        const picked = rec.scratchFrom(Uint32Array.from(checked));
        rec.dispatch(kernel, [rec.uniforms(header.buffer), input, picked, output].map((buffer, binding) => ({ binding, buffer })), [groupsX, groupsY]);
      }
      rec.submit();
      return make(output, shape);
    },

    softmaxCrossEntropy(logits, labels) {
      checkUsable();
      const z = open(logits, 'softmaxCrossEntropy: logits');
      const classIndices = open(labels, 'softmaxCrossEntropy: labels');
      const [batch, classes] = checkSoftmaxCrossEntropyShapes(logits.shape, labels.shape);
      const grad = allocate(batch * classes, 'softmaxCrossEntropy gradient');
      const loss = allocate(1, 'softmaxCrossEntropy loss');
      const rec = recorder();
      const kernel = kernels.get(`softmax-cross-entropy|wg${workgroupSize}`, () => ({
        label: 'rectify softmaxCrossEntropy',
        code: softmaxCrossEntropySource(workgroupSize),
        bindings: sequentialBindings('uniform', 'read-only-storage', 'read-only-storage', 'storage', 'storage'),
      }));
      const rowLoss = rec.scratch(batch);
      const [groupsX, groupsY] = rec.fold(Math.ceil(batch / workgroupSize));
      const header = new ArrayBuffer(softmaxCrossEntropyUniformBytes);
      new Uint32Array(header, 0, 4).set([batch, classes, groupsX, 0]);
      new Float32Array(header, 16, 2).set([Number.POSITIVE_INFINITY, Number.NaN]);
      rec.dispatch(kernel, [rec.uniforms(header), z, classIndices, grad, rowLoss].map((buffer, binding) => ({ binding, buffer })), [groupsX, groupsY]);
      sum(rec, 'value', [rowLoss], batch, batch, loss);
      rec.submit();
      return { loss: make(loss, [1]), grad: make(grad, logits.shape) };
    },

    meanSquaredError(predictions, targets) {
      checkUsable();
      const p = open(predictions, 'meanSquaredError: predictions');
      const t = open(targets, 'meanSquaredError: targets');
      checkSameShape('meanSquaredError', predictions.shape, targets.shape);
      const n = predictions.size;
      if (n === 0) throw new RectifyError('SHAPE_MISMATCH', 'meanSquaredError: predictions are empty.');
      const grad = allocate(n, 'meanSquaredError gradient');
      const loss = allocate(1, 'meanSquaredError loss');
      const rec = recorder();
      elementwise(rec, 'scaledDifference', [p, t], [grad], n, { a: 2 / n });
      sum(rec, 'squaredDifference', [p, t], n, n, loss);
      rec.submit();
      return { loss: make(loss, [1]), grad: make(grad, predictions.shape) };
    },

    dropout(a, rate, seed) {
      checkUsable();
      const input = open(a, 'dropout: a');
      checkDropoutRate(rate);
      checkSeed(seed);
      const output = allocate(a.size, 'dropout output');
      const mask = allocate(a.size, 'dropout mask');
      const rec = recorder();
      elementwise(rec, 'dropout', [input], [output, mask], a.size, { a: dropoutScale(rate), key: seedKey(seed) >>> 0, threshold: dropoutThreshold(rate) });
      rec.submit();
      return { output: make(output, a.shape), mask: make(mask, a.shape) };
    },

    optimizerStep(kind, param, grad, state, hyper) {
      checkUsable();
      const weights = open(param, 'optimizerStep: param');
      const gradient = open(grad, 'optimizerStep: grad');
      const optimizer = resolveOptimizer(kind, hyper);
      checkSameShape('optimizerStep: grad', param.shape, grad.shape);
      const stateList: unknown = state;
      if (!Array.isArray(stateList) || stateList.length !== optimizer.stateCount) {
        throw new RectifyError('INVALID_OPTION', `optimizerStep: '${optimizer.kind}' keeps ${optimizer.stateCount} state tensor(s), got ${Array.isArray(stateList) ? stateList.length : 'none'}.`);
      }
      const states = state.map((tensor, index) => {
        const buffer = open(tensor, `optimizerStep: state[${index}]`);
        checkSameShape(`optimizerStep: state[${index}]`, param.shape, tensor.shape);
        return buffer;
      });
      const tensors: unknown[] = [param, grad, ...state];
      if (new Set(tensors).size !== tensors.length) throw new RectifyError('INVALID_OPTION', 'optimizerStep: param, grad and state must be distinct tensors.');
      const n = param.size;
      if (n === 0) return;
      const factors = optimizerFactors(optimizer);
      const kernel = kernels.get(`optimizer|${optimizer.kind}|wg${workgroupSize}`, () => ({
        label: `rectify ${optimizer.kind} step`,
        code: optimizerSource(optimizer.kind, workgroupSize),
        bindings: sequentialBindings('uniform', 'storage', 'read-only-storage', ...Array<GPUBufferBindingType>(optimizer.stateCount).fill('storage')),
      }));
      const rec = recorder();
      const count = Math.ceil(n / 4);
      const [groupsX, groupsY] = rec.fold(Math.ceil(count / workgroupSize));
      const header = new ArrayBuffer(optimizerUniformBytes);
      new Uint32Array(header, 0, 3).set([n, count, groupsX]);
      new Float32Array(header, 16, 12).set([
        optimizer.momentum,
        optimizer.beta1,
        1 - optimizer.beta1,
        optimizer.beta2,
        1 - optimizer.beta2,
        optimizer.epsilon,
        optimizer.l1,
        optimizer.l2,
        factors.decay,
        factors.stepSize,
        factors.biasCorrection2Sqrt,
        0,
      ]);
      rec.dispatch(kernel, [rec.uniforms(header), weights, gradient, ...states].map((buffer, binding) => ({ binding, buffer })), [groupsX, groupsY]);
      rec.submit();
    },
  };
  return { ops, stats: () => kernels.stats };
}

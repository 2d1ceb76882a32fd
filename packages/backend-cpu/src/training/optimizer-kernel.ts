import type { OptimizerFactors, ResolvedOptimizer } from '@rectify/activation-core';
import type { FunctionBuilder, Local } from '../wasm/function-builder.js';
import type { MemoryImport } from '../wasm/module-builder.js';
import { ModuleBuilder } from '../wasm/module-builder.js';
import { Op, Simd } from '../wasm/opcodes.js';

/** Float32 factors an optimiser kernel reads, in this order, from `hyperPtr`. */
const hyperSlots = ['decay', 'stepSize', 'l1', 'l2', 'beta1', 'oneMinusBeta1', 'beta2', 'oneMinusBeta2', 'inverseCorrection2', 'epsilon'] as const;
type HyperSlot = (typeof hyperSlots)[number];

export const optimizerHyperFloats = hyperSlots.length;

/** The factors of one step, laid out for the kernels (momentum uses the beta1 slot). */
export function optimizerHyperValues(optimizer: ResolvedOptimizer, factors: OptimizerFactors): Float32Array {
  const momentumLike = optimizer.kind === 'momentum' || optimizer.kind === 'nesterov';
  const values: Record<HyperSlot, number> = {
    decay: factors.decay,
    stepSize: factors.stepSize,
    l1: optimizer.l1,
    l2: optimizer.l2,
    beta1: momentumLike ? optimizer.momentum : optimizer.beta1,
    oneMinusBeta1: 1 - optimizer.beta1,
    beta2: optimizer.beta2,
    oneMinusBeta2: 1 - optimizer.beta2,
    inverseCorrection2: 1 / factors.biasCorrection2Sqrt,
    epsilon: optimizer.epsilon,
  };
  return Float32Array.from(hyperSlots, (slot) => values[slot]);
}

export type OptimizerKernelName = 'sgd' | 'momentum' | 'nesterov' | 'adam';

/** Export name of a kernel: with `_penalised` when it adds l1 and l2 terms to the gradient. */
export const optimizerExportName = (kind: OptimizerKernelName, penalised: boolean): string => (penalised ? `${kind}_penalised` : kind);

/**
 * f32x4 optimiser steps in place, `(paramPtr, gradPtr, firstPtr, secondPtr, count, hyperPtr)`. They
 * walk whole vectors: arena blocks are padded to 16 bytes, so the lanes past `count` stay inside
 * each tensor's own block.
 */
export function buildOptimizerModule(memory: MemoryImport): Uint8Array<ArrayBuffer> {
  const module = new ModuleBuilder(memory);
  for (const kind of ['sgd', 'momentum', 'nesterov', 'adam'] as const) {
    for (const penalised of [false, true]) {
      module.addFunction(optimizerExportName(kind, penalised), ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], [], (f) => {
        emitStep(f, kind, penalised, { param: f.param(0), grad: f.param(1), first: f.param(2), second: f.param(3), count: f.param(4), hyper: f.param(5) });
      });
    }
  }
  return module.toBytes();
}

interface StepArgs {
  readonly param: Local;
  readonly grad: Local;
  readonly first: Local;
  readonly second: Local;
  readonly count: Local;
  readonly hyper: Local;
}

function emitStep(f: FunctionBuilder, kind: OptimizerKernelName, penalised: boolean, args: StepArgs): void {
  const hyper = new Map<HyperSlot, Local>();
  hyperSlots.forEach((slot, index) => {
    const local = f.local('v128');
    f.get(args.hyper).load('f32', index * 4).simd(Simd.f32x4Splat).set(local);
    hyper.set(slot, local);
  });
  const h = (slot: HyperSlot): Local => {
    const local = hyper.get(slot);
    if (local === undefined) throw new Error(`optimizer kernel: no slot ${slot}`);
    return local;
  };
  const offset = f.local('i32');
  const end = f.local('i32');
  const w = f.local('v128');
  const g = f.local('v128');
  const m = f.local('v128');
  const v = f.local('v128');
  const update = f.local('v128');
  const at = (base: Local): void => {
    f.get(base).get(offset).op(Op.i32Add);
  };
  f.get(args.count).i32(2).op(Op.i32Shl).set(end);
  f.block(() => {
    f.loop(() => {
      f.get(offset).get(end).op(Op.i32GeU).brIf(1);
      at(args.param);
      f.load('v128').set(w);
      // g = grad + l2 * w + l1 * sign(w), sign(0) = 0.
      at(args.grad);
      f.load('v128');
      if (penalised) {
        f.get(h('l2')).get(w).simd(Simd.f32x4Mul).simd(Simd.f32x4Add);
        f.f32x4(1).f32x4(0).get(w).f32x4(0).simd(Simd.f32x4Gt).simd(Simd.v128Bitselect);
        f.f32x4(1).f32x4(0).get(w).f32x4(0).simd(Simd.f32x4Lt).simd(Simd.v128Bitselect).simd(Simd.f32x4Sub);
        f.get(h('l1')).simd(Simd.f32x4Mul).simd(Simd.f32x4Add);
      }
      f.set(g);
      if (kind === 'sgd') {
        f.get(g).set(update);
      } else if (kind === 'momentum' || kind === 'nesterov') {
        at(args.first);
        f.load('v128').get(h('beta1')).simd(Simd.f32x4Mul).get(g).simd(Simd.f32x4Add).set(m);
        at(args.first);
        f.get(m).store('v128');
        if (kind === 'nesterov') f.get(g).get(h('beta1')).get(m).simd(Simd.f32x4Mul).simd(Simd.f32x4Add).set(update);
        else f.get(m).set(update);
      } else {
        at(args.first);
        f.load('v128').get(h('beta1')).simd(Simd.f32x4Mul).get(h('oneMinusBeta1')).get(g).simd(Simd.f32x4Mul).simd(Simd.f32x4Add).set(m);
        at(args.second);
        f.load('v128').get(h('beta2')).simd(Simd.f32x4Mul).get(h('oneMinusBeta2')).get(g).simd(Simd.f32x4Mul).get(g).simd(Simd.f32x4Mul).simd(Simd.f32x4Add).set(v);
        at(args.first);
        f.get(m).store('v128');
        at(args.second);
        f.get(v).store('v128');
        // m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
        f.get(m).get(v).simd(Simd.f32x4Sqrt).get(h('inverseCorrection2')).simd(Simd.f32x4Mul).get(h('epsilon')).simd(Simd.f32x4Add).simd(Simd.f32x4Div).set(update);
      }
      at(args.param);
      f.get(h('decay')).get(w).simd(Simd.f32x4Mul).get(h('stepSize')).get(update).simd(Simd.f32x4Mul).simd(Simd.f32x4Sub).store('v128');
      f.get(offset).i32(16).op(Op.i32Add).set(offset);
      f.br(0);
    });
  });
}

/**
 * A compact training-step check for browsers: a dense layer with a fused activation, the backward
 * matmuls and an Adam step on the WebGPU backend, each compared with core's float64 reference
 * training backend fed the GPU's own inputs to that step (so errors do not compound).
 */
import type { ActivationCall, DeviceTensor, Registry } from '@rectify/activation-core';
import { createReferenceTrainingBackend } from '@rectify/activation-core';
import type { WebGPUBackend } from '../index.js';

export interface TrainingAgreement {
  readonly checks: number;
  readonly failures: readonly string[];
}

function samples(length: number, seed: number, scale: number): Float32Array {
  let state = seed >>> 0;
  return Float32Array.from({ length }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 32 - 0.5) * 2 * scale;
  });
}

export async function checkTrainingAgreement(backend: WebGPUBackend, registry: Registry): Promise<TrainingAgreement> {
  const reference = createReferenceTrainingBackend({ registry });
  const failures: string[] = [];
  let checks = 0;
  const compare = (label: string, expected: Float32Array, actual: Float32Array, relative: number): void => {
    checks++;
    if (expected.length !== actual.length) {
      failures.push(`${label}: ${actual.length} values, expected ${expected.length}`);
      return;
    }
    for (let i = 0; i < expected.length; i++) {
      const e = expected[i] ?? Number.NaN;
      const a = actual[i] ?? Number.NaN;
      if (!(Math.abs(a - e) <= relative * Math.max(1, Math.abs(e)))) {
        failures.push(`${label}[${i}]: expected ${e}, got ${a}`);
        return;
      }
    }
  };

  const [batch, inputs, units] = [24, 37, 19];
  const x = samples(batch * inputs, 1, 1);
  const w = samples(inputs * units, 2, 0.3);
  const bias = samples(units, 3, 0.1);
  const slopes = Float32Array.from({ length: units }, (_, c) => 0.05 + 0.01 * c);
  const upstream = samples(batch * units, 4, 1);
  const mine = { x: backend.tensor(x, [batch, inputs]), w: backend.tensor(w, [inputs, units]), bias: backend.tensor(bias, [units]), slopes: backend.tensor(slopes, [units]), upstream: backend.tensor(upstream, [batch, units]) };
  const theirs = (values: Float32Array, shape: readonly number[]) => reference.tensor(values, shape);
  const call = (alpha: DeviceTensor): ActivationCall => ({ id: 'prelu', params: { alpha } });

  for (const id of ['elu', 'smooth/gelu', 'prelu']) {
    const activation: ActivationCall = id === 'prelu' ? call(mine.slopes) : { id };
    const referenceActivation: ActivationCall = id === 'prelu' ? call(theirs(slopes, [units])) : { id };
    const dense = backend.denseForward(mine.x, mine.w, mine.bias, activation, { keepPreActivation: true });
    const expected = reference.denseForward(theirs(x, [batch, inputs]), theirs(w, [inputs, units]), theirs(bias, [units]), referenceActivation, { keepPreActivation: true });
    const pre = await backend.read(dense.preActivation ?? dense.output);
    compare(`denseForward ${id} pre-activation`, await reference.read(expected.preActivation ?? expected.output), pre, 1e-5);
    const activated = reference.activationForward(theirs(pre, [batch, units]), referenceActivation);
    compare(`denseForward ${id} output`, await reference.read(activated), await backend.read(dense.output), id === 'smooth/gelu' ? 2e-5 : 1e-6);

    const back = backend.activationBackward(dense.preActivation ?? dense.output, mine.upstream, activation);
    const gradPre = await backend.read(back.gradInput);
    const referenceBack = reference.activationBackward(theirs(pre, [batch, units]), theirs(upstream, [batch, units]), referenceActivation);
    compare(`activationBackward ${id}`, await reference.read(referenceBack.gradInput), gradPre, 1e-5);
    for (const [name, tensor] of Object.entries(back.gradParams)) {
      const wanted = referenceBack.gradParams[name];
      if (wanted === undefined) failures.push(`activationBackward ${id}: unexpected gradient of ${name}`);
      else compare(`activationBackward ${id} gradParams.${name}`, await reference.read(wanted), await backend.read(tensor), 1e-4);
      backend.dispose(tensor);
    }

    const gradW = backend.matmul(mine.x, back.gradInput, { transposeA: true });
    const gradX = backend.matmul(back.gradInput, mine.w, { transposeB: true });
    compare(`matmul xᵀ·g (${id})`, await reference.read(reference.matmul(theirs(x, [batch, inputs]), theirs(gradPre, [batch, units]), { transposeA: true })), await backend.read(gradW), 1e-5);
    compare(`matmul g·wᵀ (${id})`, await reference.read(reference.matmul(theirs(gradPre, [batch, units]), theirs(w, [inputs, units]), { transposeB: true })), await backend.read(gradX), 1e-5);

    const weights = backend.tensor(w, [inputs, units]);
    const moments = [backend.zeros([inputs, units]), backend.zeros([inputs, units])];
    const gradValues = await backend.read(gradW);
    const referenceWeights = theirs(w, [inputs, units]);
    const referenceMoments = [reference.zeros([inputs, units]), reference.zeros([inputs, units])];
    for (let step = 1; step <= 3; step++) {
      backend.optimizerStep('adam', weights, gradW, moments, { learningRate: 0.01, step, l2: 1e-3 });
      reference.optimizerStep('adam', referenceWeights, theirs(gradValues, [inputs, units]), referenceMoments, { learningRate: 0.01, step, l2: 1e-3 });
    }
    compare(`adam step (${id})`, await reference.read(referenceWeights), await backend.read(weights), 1e-6);
    [dense.output, dense.preActivation, back.gradInput, gradW, gradX, weights, ...moments].forEach((tensor) => { if (tensor !== undefined) backend.dispose(tensor); });
  }
  Object.values(mine).forEach((tensor) => { backend.dispose(tensor); });
  return { checks, failures };
}

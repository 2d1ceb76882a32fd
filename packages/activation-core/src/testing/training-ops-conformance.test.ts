import { describe, expect, it } from 'vitest';
import type { TrainingBackend } from '../backend/training-ops.js';
import { builtinActivations } from '../builtins/index.js';
import { defineActivation } from '../definition/define-activation.js';
import { gt, mul, select } from '../ir/builders.js';
import { definePlugin } from '../registry/plugin.js';
import type { ReferenceTensor } from '../reference/reference-training-backend.js';
import { createReferenceTrainingBackend } from '../reference/reference-training-backend.js';
import { createRegistry } from '../registry/registry.js';
import type { TrainingConformanceOptions } from './training-ops-conformance.js';
import { describeTrainingOpsConformance } from './training-ops-conformance.js';
import type { DeclaredTestOutcome } from './run-declared-tests.js';
import { runDeclaredTests } from './run-declared-tests.js';

// A plugin with a learnable scalar parameter, registered after the backend exists.
const halfRelu = defineActivation({
  id: 'late/half_relu',
  specVersion: 1,
  params: { gain: { default: 0.5, learnable: true, description: 'Slope for x > 0.' } },
  forward: (x, p) => select(gt(x, 0), mul(p.gain, x), 0),
  docs: { name: 'Half ReLU', latex: String.raw`f(x)=g\max(0,x)`, description: 'A plugin registered after the backend exists.' },
});

const registry = createRegistry({ activations: builtinActivations });
const reference = createReferenceTrainingBackend({ registry });
registry.use(definePlugin({ name: 'late-plugin', version: '1.0.0', namespace: 'late', activations: [halfRelu] }));

describeTrainingOpsConformance('reference', () => reference, { test: { describe, it }, registry });

/** Runs the suite without the test runner and reports each case's outcome. */
const runSuite = (backend: TrainingBackend<ReferenceTensor>, options: Omit<TrainingConformanceOptions, 'test'> = {}): Promise<DeclaredTestOutcome[]> =>
  runDeclaredTests((test) => { describeTrainingOpsConformance('tampered', () => backend, { ids: ['relu', 'leaky_relu', 'prelu'], ...options, test }); });

const failuresOf = (outcomes: readonly DeclaredTestOutcome[]): string[] => outcomes.filter((outcome) => outcome.error !== undefined).map((outcome) => outcome.name.replace('training ops conformance: tampered > ', ''));

/** A backend that behaves like the reference except where `tamper` changes it. */
function tampered(tamper: (honest: TrainingBackend<ReferenceTensor>) => Partial<TrainingBackend<ReferenceTensor>>): TrainingBackend<ReferenceTensor> {
  const honest = createReferenceTrainingBackend();
  return { ...honest, ...tamper(honest) };
}

describe('the training ops conformance suite catches broken backends', () => {
  it('passes an honest backend', async () => {
    expect(failuresOf(await runSuite(createReferenceTrainingBackend()))).toEqual([]);
  }, 60_000);

  it('fails a matmul off by a relative 2^-12 in one transpose combination', async () => {
    const failed = failuresOf(
      await runSuite(
        tampered((honest) => ({
          matmul: (a, b, options) => {
            const result = honest.matmul(a, b, options);
            // 2^-12 passes a loose relative check such as 1e-3, yet is far outside the accumulation bound.
            return options?.transposeB === true ? honest.scale(result, 1 + 2 ** -12) : result;
          },
        })),
      ),
    );
    expect(failed).toEqual(['matmul matches the float64 reference in every transpose combination and awkward sizes']);
  }, 60_000);

  it('fails a dense layer whose epilogue ignores the activation parameter', async () => {
    const failed = failuresOf(
      await runSuite(
        tampered((honest) => ({
          denseForward: (x, w, bias, activation, options) => honest.denseForward(x, w, bias, activation.id === 'leaky_relu' ? { id: 'leaky_relu', params: { alpha: 0.02 } } : activation, options),
        })),
      ),
    );
    expect(failed).toEqual(['activation leaky_relu > denseForward fuses bias and leaky_relu (7x33 · 33x19)']);
  }, 60_000);

  it('fails per-channel slope gradients that are not reduced per unit', async () => {
    const failed = failuresOf(
      await runSuite(
        tampered((honest) => ({
          activationBackward: (input, gradOutput, activation) => {
            const result = honest.activationBackward(input, gradOutput, activation);
            const alpha = result.gradParams['alpha'];
            if (alpha === undefined || alpha.size === 1) return result;
            return { ...result, gradParams: { alpha: honest.sum(alpha) } };
          },
        })),
      ),
    );
    expect(failed).toEqual(['activation prelu > activationForward and activationBackward of prelu on tensors, parameter gradients reduced per unit']);
  }, 60_000);

  it('fails dropout with a different mask rule, and Adam without bias correction', async () => {
    const failed = failuresOf(
      await runSuite(
        tampered((honest) => ({
          dropout: (a, rate, seed) => honest.dropout(a, rate, seed + 1),
          optimizerStep: (kind, param, grad, state, hyper) => {
            honest.optimizerStep(kind, param, grad, state, kind === 'adam' ? { ...hyper, step: 1 } : hyper);
          },
        })),
      ),
    );
    expect(failed).toContain('dropout gives the reference mask, repeats for a seed and changes with it');
    expect(failed).toContain('optimizerStep adam {"learningRate":0.001} follows PyTorch\'s formulas over four steps');
    expect(failed.filter((name) => name.includes('adamw'))).toEqual([]);
  }, 60_000);

  it('fails a loss that clips extreme logits, and one that accepts bad labels', async () => {
    const failed = failuresOf(
      await runSuite(
        tampered((honest) => ({
          softmaxCrossEntropy: (logits, labels) => honest.softmaxCrossEntropy(honest.clip(logits, -80, 80), honest.clip(labels, 0, (logits.shape[1] ?? 1) - 1)),
        })),
      ),
    );
    expect(failed).toContain('softmaxCrossEntropy stays finite and accurate for logits of ±1e4');
    expect(failed).toContain('rejects labels outside [0, classes) or not integers (a GPU backend may return a NaN loss instead)');
  }, 60_000);

  it('fails a backend that accepts a negative learning rate', async () => {
    const failed = failuresOf(
      await runSuite(
        tampered((honest) => ({
          optimizerStep: (kind, param, grad, state, hyper) => {
            honest.optimizerStep(kind, param, grad, state, { ...hyper, learningRate: Math.abs(hyper.learningRate) });
          },
        })),
      ),
    );
    expect(failed).toEqual(['rejects bad hyper-parameters, rates, seeds and indices with INVALID_OPTION']);
  }, 60_000);
});

// Runs in a project that installed the packed tarballs with npm (no workspace links): core's registry
// with the smooth plugin, forward and backward of a smooth activation on the CPU backend against the
// float64 reference, and a small training run with the trainer. Prints one JSON line with the results.
import { builtinActivations, createRegistry, isRectifyError, referenceDerivative, referenceForward } from '@rectify/activation-core';
import { createCpuBackend } from '@rectify/backend-cpu';
import { smoothPlugin } from '@rectify/plugin-smooth';
import { buildModel, mlpSpec, splitDataset, syntheticDataset, train } from '@rectify/trainer';

const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
const backend = createCpuBackend({ registry, threads: 1 });

const input = Float32Array.from({ length: 1001 }, (_, index) => -8 + (16 * index) / 1000);
const gradOutput = Float32Array.from(input, (_, index) => 1 + (index % 7) / 7);
// Error relative to the value, or to `scale` where the value is smaller (a gradient's upstream value:
// derivative formulas lose relative accuracy where the activation saturates, in every float32 library).
const relativeError = (actual, expected, scale = expected) => {
  let worst = 0;
  for (let index = 0; index < expected.length; index++) {
    const size = Math.max(Math.abs(expected[index]), Math.abs(scale[index]), 1e-6);
    worst = Math.max(worst, Math.abs(actual[index] - expected[index]) / size);
  }
  return worst;
};

const activations = {};
for (const [id, params] of [['smooth/gelu', {}], ['smooth/silu', { beta: 1.5 }], ['leaky_relu', { alpha: 0.1 }]]) {
  const definition = registry.get(id);
  const forward = backend.forward(id, input, params);
  const { gradInput } = backend.backward(id, input, gradOutput, params);
  const slope = referenceDerivative(definition, input, params);
  activations[id] = {
    forwardError: relativeError(forward, referenceForward(definition, input, params)),
    backwardError: relativeError(gradInput, slope.map((value, index) => value * gradOutput[index]), gradOutput),
  };
}

let unknownId;
try {
  backend.forward('smooth/gleu', input);
} catch (error) {
  unknownId = isRectifyError(error) ? error.code : String(error);
}

const data = splitDataset(syntheticDataset('circles', { rows: 500, seed: 2 }), { trainSize: 400, testSize: 100, seed: 2 });
const model = buildModel(backend, mlpSpec({ inputs: 2, hidden: [16], outputs: 2, activation: { id: 'smooth/silu' } }), { seed: 2 });
const result = await train(model, data, { epochs: 10, batchSize: 32, seed: 2, optimizer: { kind: 'adam', learningRate: 0.02 } });
model.dispose();
backend.destroy();

console.log(
  JSON.stringify({
    ids: registry.list().map((definition) => definition.id),
    engine: backend.engine,
    activations,
    unknownId,
    training: {
      losses: result.history.map((record) => record.trainLoss),
      testAccuracy: result.final.testAccuracy,
      steps: result.steps,
    },
  }),
);

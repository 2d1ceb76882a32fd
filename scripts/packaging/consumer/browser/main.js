// Bundled by Vite from the packed tarballs and run in headless Chromium: activations on the WebGPU
// backend against core's float64 reference. The result is left on window.rectifyConsumerResult.
import { builtinActivations, createRegistry, isRectifyError, referenceDerivative, referenceForward } from '@rectify/activation-core';
import { createWebGPUBackend } from '@rectify/backend-webgpu';
import { smoothPlugin } from '@rectify/plugin-smooth';

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

async function main() {
  if (navigator.gpu === undefined) return { noAdapter: 'navigator.gpu is undefined' };
  const registry = createRegistry({ activations: builtinActivations, plugins: [smoothPlugin] });
  let backend;
  try {
    backend = await createWebGPUBackend({ registry });
  } catch (error) {
    if (isRectifyError(error, 'INVALID_OPTION')) return { noAdapter: error.message };
    throw error;
  }
  const input = Float32Array.from({ length: 1031 }, (_, index) => -8 + (16 * index) / 1030);
  const gradOutput = Float32Array.from(input, (_, index) => 1 + (index % 5) / 5);
  const checks = {};
  for (const [id, params] of [['elu', { alpha: 0.5 }], ['smooth/gelu', {}], ['smooth/mish', {}]]) {
    const definition = registry.get(id);
    const forward = await backend.forward(id, input, params);
    const { gradInput } = await backend.backward(id, input, gradOutput, params);
    const slope = referenceDerivative(definition, input, params);
    checks[id] = {
      length: forward.length,
      forwardError: relativeError(forward, referenceForward(definition, input, params)),
      backwardError: relativeError(gradInput, slope.map((value, index) => value * gradOutput[index]), gradOutput),
    };
  }
  backend.destroy();
  return { checks };
}

main().then(
  (result) => {
    window.rectifyConsumerResult = result;
  },
  (error) => {
    window.rectifyConsumerResult = { error: String(error?.stack ?? error) };
  },
);

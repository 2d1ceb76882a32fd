import type { TrainingBackend } from '@rectify/activation-core';
import { builtinActivations, createRegistry } from '@rectify/activation-core';
import { createCpuBackend } from '@rectify/backend-cpu';
import { afterAll, describe, expect, it } from 'vitest';
import { isTrainingBackend } from '../cli/training-backend.js';
import { loadMnist } from '../data/mnist.js';
import { buildModel } from '../model/build-model.js';
import { mlpSpec } from '../model/model-spec.js';
import { openTestGpu } from '../testing/test-gpu.js';
import { train } from './train.js';

const registry = createRegistry({ activations: builtinActivations });

const gpu = await openTestGpu(registry, 'the WebGPU end-to-end test');
afterAll(() => gpu?.destroy());

describe.runIf(gpu !== undefined)('end to end on WebGPU', () => {
  it('learns MNIST like the CPU backend does', async () => {
    const data = await loadMnist({ trainSize: 1000, testSize: 500, seed: 11 });
    const run = async (backend: TrainingBackend): Promise<number> => {
      const model = buildModel(backend, mlpSpec({ inputs: 784, hidden: [64], outputs: 10, activation: { id: 'leaky_relu' } }), { seed: 11 });
      const result = await train(model, data, { epochs: 1, batchSize: 50, optimizer: { kind: 'adam', learningRate: 2e-3 }, seed: 11, probeRows: 128 });
      model.dispose();
      return result.final.testAccuracy ?? Number.NaN;
    };
    const cpu = createCpuBackend({ registry });
    if (!isTrainingBackend(cpu) || gpu === undefined) throw new Error('no training ops');
    const onCpu = await run(cpu);
    cpu.destroy();
    const onGpu = await run(gpu);
    expect(onGpu).toBeGreaterThan(0.75);
    expect(Math.abs(onGpu - onCpu)).toBeLessThan(0.02);
  }, 120_000);
});

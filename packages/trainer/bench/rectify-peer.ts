import type { Registry, TrainingBackend } from '@rectify/activation-core';
import type { DatasetSplit } from '@rectify/trainer';
import { buildModel, mlpSpec, train } from '@rectify/trainer';
import type { BenchPlan, BenchResult } from './bench-result.js';

/** Rectify's trainer on a given backend, diagnostics off (the peers compute none). */
export async function benchRectify(backend: TrainingBackend, registry: Registry, data: DatasetSplit, plan: BenchPlan, peer: string, threads: number): Promise<BenchResult> {
  if (backend.registry !== registry) throw new Error('backend and registry differ');
  const model = buildModel(backend, mlpSpec({ inputs: 784, hidden: [128, 64], outputs: 10, activation: { id: 'relu' } }), { seed: plan.seed });
  const result = await train(model, data, {
    epochs: plan.epochs,
    batchSize: plan.batchSize,
    optimizer: { kind: 'adam', learningRate: plan.learningRate },
    seed: plan.seed,
    probeRows: 0,
  });
  model.dispose();
  return {
    peer,
    threads,
    samplesPerSecond: result.history.flatMap((record) => (record.samplesPerSecond === undefined ? [] : [record.samplesPerSecond])),
    testAccuracy: result.final.testAccuracy ?? Number.NaN,
  };
}

import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { builtinActivations, createRegistry, isRectifyError } from '@rectify/activation-core';
import { createCpuBackend } from '@rectify/backend-cpu';
import { afterAll, describe, expect, it } from 'vitest';
import { splitDataset } from '../data/split.js';
import { syntheticDataset } from '../data/synthetic.js';
import { buildModel } from '../model/build-model.js';
import { mlpSpec } from '../model/model-spec.js';
import { loadModel } from '../persistence/load-model.js';
import { saveModel } from '../persistence/save-model.js';
import { openTestGpu } from '../testing/test-gpu.js';
import { train } from './train.js';

const registry = createRegistry({ activations: builtinActivations });
const data = splitDataset(syntheticDataset('spiral', { rows: 400, seed: 3 }), { trainSize: 320, testSize: 80, seed: 3 });
const spec = mlpSpec({ inputs: 2, hidden: [16, 16], outputs: 2, activation: { id: 'leaky_relu' } });
const options = { batchSize: 64, optimizer: { kind: 'adam', learningRate: 0.01 }, seed: 3, probeRows: 64 } as const;
/** V8's collector, so heap figures are live data rather than garbage not yet collected. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const gpu = await openTestGpu(registry, 'the WebGPU long-run and device-loss tests');
const scratch = await mkdtemp(join(tmpdir(), 'rectify-faults-'));
afterAll(async () => {
  if (gpu?.lost === undefined) gpu?.destroy();
  await rm(scratch, { recursive: true, force: true });
});

describe.runIf(gpu !== undefined)('fifty epochs on the WebGPU backend', () => {
  it('keeps the buffer pool flat from epoch two on', async () => {
    if (gpu === undefined) return;
    const before = gpu.poolStats;
    const model = buildModel(gpu, spec, { seed: 3 });
    const live: { epoch: number; buffers: number; bytes: number }[] = [];
    const result = await train(model, data, {
      ...options,
      epochs: 50,
      onEpoch: (record) => {
        live.push({ epoch: record.epoch, buffers: gpu.poolStats.liveBuffers, bytes: gpu.poolStats.liveBytes });
      },
    });
    const second = live.find((entry) => entry.epoch === 2);
    const last = live.at(-1);
    console.info(`WebGPU, 50 epochs: live buffers ${second?.buffers} (${second?.bytes} bytes) at epoch 2, ${last?.buffers} (${last?.bytes} bytes) at epoch 50; test accuracy ${result.final.testAccuracy}`);
    expect(live).toHaveLength(51);
    for (const entry of live.filter((record) => record.epoch >= 2)) expect({ buffers: entry.buffers, bytes: entry.bytes }, `epoch ${entry.epoch}`).toEqual({ buffers: second?.buffers, bytes: second?.bytes });
    expect(result.final.testAccuracy).toBeGreaterThan(0.7);
    model.dispose();
    expect(gpu.poolStats.liveBuffers).toBe(before.liveBuffers);
  }, 300_000);
});

describe('fifty epochs on the CPU backend', () => {
  it('keeps tensors, backend memory and the JavaScript heap flat from epoch two on', async () => {
    const gc = collector();
    const cpu = createCpuBackend({ registry, threads: 1 });
    const model = buildModel(cpu, spec, { seed: 3 });
    const samples: { epoch: number; tensors: number; arenaBytes: number; heap: number }[] = [];
    await train(model, data, {
      ...options,
      epochs: 50,
      onEpoch: (record) => {
        gc();
        samples.push({ epoch: record.epoch, tensors: cpu.trainingStats.liveTensors, arenaBytes: cpu.memoryStats.bytes, heap: process.memoryUsage().heapUsed });
      },
    });
    const second = samples.find((entry) => entry.epoch === 2);
    const last = samples.at(-1);
    if (second === undefined || last === undefined) throw new Error('no epochs recorded');
    console.info(
      `CPU, 50 epochs: live tensors ${second.tensors} -> ${last.tensors}, backend memory ${second.arenaBytes} -> ${last.arenaBytes} bytes, heap ${(second.heap / 2 ** 20).toFixed(1)} -> ${(last.heap / 2 ** 20).toFixed(1)} MiB`,
    );
    for (const entry of samples.filter((record) => record.epoch >= 2)) {
      expect(entry.tensors, `epoch ${entry.epoch}`).toBe(second.tensors);
      expect(entry.arenaBytes, `epoch ${entry.epoch}`).toBe(second.arenaBytes);
    }
    // The history the trainer keeps grows by a few kilobytes per epoch (diagnostics, histograms); a leak of
    // tensors or per-step buffers would grow by megabytes.
    expect(last.heap - second.heap).toBeLessThan(4 * 2 ** 20);
    model.dispose();
    cpu.destroy();
  }, 300_000);
});

describe.runIf(gpu !== undefined)('losing the GPU device during training', () => {
  it('stops with DEVICE_LOST, leaves the last checkpoint intact, and training resumes from it on the CPU', async () => {
    if (gpu === undefined) return;
    const path = join(scratch, 'checkpoint.json');
    const model = buildModel(gpu, spec, { seed: 3 });
    let checkpointed: { epoch: number; weights: Map<string, Float32Array>; testLoss: number } | undefined;
    const error: unknown = await train(model, data, {
      ...options,
      epochs: 20,
      onEpoch: async (record) => {
        if (record.epoch === 0) return;
        await saveModel(model, path, { epoch: record.epoch });
        checkpointed = { epoch: record.epoch, weights: await model.readParameters(), testLoss: record.testLoss ?? Number.NaN };
        // The GPU goes away right after the third checkpoint, in the middle of training.
        if (record.epoch === 3) gpu.device.destroy();
      },
    }).catch((caught: unknown) => caught);
    expect(isRectifyError(error, 'DEVICE_LOST'), String(error)).toBe(true);
    expect(gpu.lost?.reason).toBe('destroyed');
    expect(checkpointed?.epoch).toBe(3);

    const cpu = createCpuBackend({ registry, threads: 1 });
    const { model: restored, file } = await loadModel(cpu, path);
    expect(file.metadata).toMatchObject({ epoch: 3 });
    const weights = await restored.readParameters();
    for (const [name, values] of checkpointed?.weights ?? []) expect(weights.get(name), name).toEqual(values);
    const resumed = await train(restored, data, { ...options, epochs: 10 });
    expect(resumed.history[0]?.testLoss).toBeCloseTo(checkpointed?.testLoss ?? Number.NaN, 4);
    expect(resumed.final.testLoss).toBeLessThan(checkpointed?.testLoss ?? 0);
    restored.dispose();
    cpu.destroy();
  }, 300_000);
});

describe('the checkpoint directory', () => {
  it('holds only the model files a save leaves', async () => {
    const entries = (await readdir(scratch)).filter((name) => !name.startsWith('.'));
    expect(entries.every((name) => /^checkpoint(\.[0-9a-f]{8}\.bin|\.json)$/.test(name)), entries.join(', ')).toBe(true);
  });
});

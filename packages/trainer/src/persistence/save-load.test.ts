import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinActivations, createReferenceTrainingBackend, createRegistry, defineActivation, definePlugin, isRectifyError, max, mul, x } from '@rectify/activation-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildModel } from '../model/build-model.js';
import { mlpSpec } from '../model/model-spec.js';
import { loadModel } from './load-model.js';
import { saveModel } from './save-model.js';

const registry = createRegistry({ activations: builtinActivations });
const backend = createReferenceTrainingBackend({ registry });
const spec = mlpSpec({ inputs: 3, hidden: [5], outputs: 2, activation: { id: 'prelu' } });
let directory = '';

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'rectify-model-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const problemOf = async (run: () => Promise<unknown>): Promise<{ code: string; problem: unknown; message: string } | undefined> => {
  try {
    await run();
  } catch (error) {
    if (isRectifyError(error)) return { code: error.code, problem: error.details['problem'], message: error.message };
    throw error;
  }
  return undefined;
};

describe('saveModel / loadModel', () => {
  it('round-trips the spec and every parameter exactly', async () => {
    const model = buildModel(backend, spec, { seed: 9 });
    const path = join(directory, 'model.json');
    await saveModel(model, path, { note: 'test' });
    const loaded = await loadModel(backend, path);
    expect(loaded.model.spec).toEqual(spec);
    expect(await loaded.model.readParameters()).toEqual(await model.readParameters());
    expect(loaded.file.metadata).toEqual({ note: 'test' });
    model.dispose();
    loaded.model.dispose();
  });

  it('replaces a previous save and leaves no temporary or stale files', async () => {
    const path = join(directory, 'model.json');
    const first = buildModel(backend, spec, { seed: 1 });
    const second = buildModel(backend, spec, { seed: 2 });
    await saveModel(first, path);
    const saved = await saveModel(second, path);
    expect((await readdir(directory)).sort()).toEqual(['model.json', saved.weightsFile].sort());
    const loaded = await loadModel(backend, path);
    expect(await loaded.model.readParameters()).toEqual(await second.readParameters());
    for (const model of [first, second, loaded.model]) model.dispose();
  });

  it('reports a truncated weights file', async () => {
    const model = buildModel(backend, spec);
    const path = join(directory, 'model.json');
    const saved = await saveModel(model, path);
    await truncate(join(directory, saved.weightsFile), 10);
    expect(await problemOf(() => loadModel(backend, path))).toMatchObject({ code: 'MODEL_FILE_TRUNCATED', problem: 'truncated' });
    model.dispose();
  });

  it('reports a truncated JSON file', async () => {
    const model = buildModel(backend, spec);
    const path = join(directory, 'model.json');
    await saveModel(model, path);
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.slice(0, text.length / 2));
    expect(await problemOf(() => loadModel(backend, path))).toMatchObject({ problem: 'truncated' });
    model.dispose();
  });

  it('reports flipped bits in the weights and a malformed JSON file as corrupt', async () => {
    const model = buildModel(backend, spec);
    const path = join(directory, 'model.json');
    const saved = await saveModel(model, path);
    const weightsPath = join(directory, saved.weightsFile);
    const bytes = await readFile(weightsPath);
    bytes[7] = (bytes[7] ?? 0) ^ 0x10;
    await writeFile(weightsPath, bytes);
    expect(await problemOf(() => loadModel(backend, path))).toMatchObject({ code: 'MODEL_FILE_CORRUPT', problem: 'corrupt', message: expect.stringMatching(/checksum/) as unknown });
    await writeFile(path, '{"format":"rectify-model","version":1,"spec":7}');
    expect(await problemOf(() => loadModel(backend, path))).toMatchObject({ problem: 'corrupt', message: expect.stringMatching(/spec/) as unknown });
    model.dispose();
  });

  it('refuses newer format versions and activations the registry lacks', async () => {
    const model = buildModel(backend, spec);
    const path = join(directory, 'model.json');
    await saveModel(model, path);
    const json = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await writeFile(path, JSON.stringify({ ...json, version: 99 }));
    expect(await problemOf(() => loadModel(backend, path))).toMatchObject({ code: 'MODEL_FILE_INCOMPATIBLE', problem: 'incompatible' });
    model.dispose();

    const capped = defineActivation({ id: 'acme/capped', specVersion: 1, params: {}, forward: (input) => max(x, mul(0.5, input)), docs: { name: 'c', latex: 'c', description: 'c' } });
    const pluginRegistry = createRegistry({ activations: builtinActivations, plugins: [definePlugin({ name: 'acme', version: '1.0.0', namespace: 'acme', activations: [capped] })] });
    const pluginBackend = createReferenceTrainingBackend({ registry: pluginRegistry });
    const pluginModel = buildModel(pluginBackend, mlpSpec({ inputs: 3, hidden: [4], outputs: 2, activation: { id: 'acme/capped' } }));
    await saveModel(pluginModel, path);
    expect(await problemOf(() => loadModel(backend, path))).toMatchObject({ problem: 'incompatible', message: expect.stringMatching(/"acme\/capped" is not registered/) as unknown });
    const fresh = createReferenceTrainingBackend({ registry: createRegistry({ activations: builtinActivations }) });
    const loaded = await loadModel(fresh, path, { registerMissingActivations: true });
    expect(await loaded.model.readParameters()).toEqual(await pluginModel.readParameters());
    pluginModel.dispose();
    loaded.model.dispose();
  });
});

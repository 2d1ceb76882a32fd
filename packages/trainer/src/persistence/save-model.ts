import type { DeviceTensor } from '@rectify/activation-core';
import { definitionToJSON, RectifyError } from '@rectify/activation-core';
import type { SequentialModel } from '../model/sequential-model.js';
import { writeFileAtomic } from './atomic-write.js';
import { crc32 } from './crc32.js';
import type { ModelFileJSON, SavedParameter } from './model-file.js';
import { modelFileFormat, modelFileVersion } from './model-file.js';
import { nodeFs, nodePath } from '../node-builtins.js';

const weightsName = (jsonPath: string, checksum: number): string => `${nodePath().basename(jsonPath).replace(/\.json$/, '')}.${checksum.toString(16).padStart(8, '0')}.bin`;

/**
 * Saves a model as `path` (JSON: spec, activation definitions, parameter table) and a weights file
 * beside it. The weights file is written first under a name holding its checksum, then the JSON
 * atomically: a crash at any point leaves the previous model or the new one, never a mix.
 */
export async function saveModel<T extends DeviceTensor>(model: SequentialModel<T>, path: string, metadata: Readonly<Record<string, unknown>> = {}): Promise<ModelFileJSON> {
  const { rm } = nodeFs();
  const { dirname, join } = nodePath();
  if (!path.endsWith('.json')) throw new RectifyError('INVALID_OPTION', `A model is saved to a .json path, got "${path}".`, { path });
  const values = await model.readParameters();
  const parameters: SavedParameter[] = [];
  let offset = 0;
  for (const parameter of model.parameters) {
    const length = parameter.tensor.size;
    parameters.push({ name: parameter.name, shape: [...parameter.tensor.shape], offset, length });
    offset += length;
  }
  const weights = new Float32Array(offset);
  for (const entry of parameters) weights.set(values.get(entry.name) ?? new Float32Array(entry.length), entry.offset);
  const bytes = new Uint8Array(weights.buffer);
  if (new Uint8Array(Uint16Array.of(1).buffer)[0] !== 1) {
    // Big-endian host: the file is little-endian.
    const view = new DataView(weights.buffer);
    for (let index = 0; index < weights.length; index++) view.setFloat32(index * 4, weights[index] ?? 0, true);
  }
  const checksum = crc32(bytes);
  const activations: Record<string, ReturnType<typeof definitionToJSON>> = {};
  for (const layer of model.spec.layers) if (layer.type === 'activation') activations[layer.id] = definitionToJSON(model.backend.registry.get(layer.id));
  const weightsFile = weightsName(path, checksum);
  const file: ModelFileJSON = {
    format: modelFileFormat,
    version: modelFileVersion,
    spec: model.spec,
    activations,
    parameters,
    weightsFile,
    weightsBytes: bytes.length,
    weightsCrc32: checksum,
    metadata,
  };
  const previous = await previousWeightsFile(path);
  await writeFileAtomic(join(dirname(path), weightsFile), bytes);
  await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
  if (previous !== undefined && previous !== weightsFile) await rm(join(dirname(path), previous), { force: true });
  return file;
}

async function previousWeightsFile(path: string): Promise<string | undefined> {
  const { readFile } = nodeFs();
  const { basename } = nodePath();
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    const name = typeof parsed === 'object' && parsed !== null ? (parsed as { weightsFile?: unknown }).weightsFile : undefined;
    return typeof name === 'string' && basename(name) === name ? name : undefined;
  } catch {
    return undefined;
  }
}

import type { ActivationDefinitionJSON, DeviceTensor, TrainingBackend } from '@rectify/activation-core';
import { definitionFromJSON, definitionToJSON, RectifyError } from '@rectify/activation-core';
import { buildModel } from '../model/build-model.js';
import type { ModelSpec } from '../model/model-spec.js';
import type { SequentialModel } from '../model/sequential-model.js';
import { crc32 } from './crc32.js';
import type { ModelFileJSON, SavedParameter } from './model-file.js';
import { modelFileFormat, modelFileVersion } from './model-file.js';
import { nodeFs, nodePath } from '../node-builtins.js';

export interface LoadModelOptions {
  /** Register activation definitions saved with the model that the backend's registry lacks (plugins as data). */
  readonly registerMissingActivations?: boolean;
}

export interface LoadedModel<T extends DeviceTensor> {
  readonly model: SequentialModel<T>;
  readonly file: ModelFileJSON;
}

type Problem = 'truncated' | 'corrupt' | 'incompatible';

const problemCodes = { truncated: 'MODEL_FILE_TRUNCATED', corrupt: 'MODEL_FILE_CORRUPT', incompatible: 'MODEL_FILE_INCOMPATIBLE' } as const;

const fail = (problem: Problem, path: string, message: string, details: Record<string, unknown> = {}): RectifyError =>
  new RectifyError(problemCodes[problem], `Model file "${path}": ${message}`, {
    problem,
    path,
    ...details,
  });

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const isParameter = (value: unknown): value is SavedParameter =>
  isRecord(value) &&
  typeof value['name'] === 'string' &&
  Array.isArray(value['shape']) &&
  value['shape'].every((size) => Number.isInteger(size) && (size as number) > 0) &&
  Number.isInteger(value['offset']) &&
  Number.isInteger(value['length']) &&
  (value['offset'] as number) >= 0 &&
  (value['shape'] as number[]).reduce((a, b) => a * b, 1) === value['length'];

/** Parses and checks the JSON half; every problem is a RectifyError with `details.problem` truncated, corrupt or incompatible. */
export function parseModelFile(text: string, path: string): ModelFileJSON {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // saveModel always ends the JSON with its closing brace: text that stops before it was cut short.
    const truncated = !text.trimEnd().endsWith('}');
    throw fail(truncated ? 'truncated' : 'corrupt', path, `not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (!isRecord(parsed) || parsed['format'] !== modelFileFormat) throw fail('corrupt', path, `not a ${modelFileFormat} file.`);
  const version = parsed['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw fail('corrupt', path, `invalid version ${JSON.stringify(version)}.`);
  if (version > modelFileVersion) {
    throw fail('incompatible', path, `format version ${version} is newer than this trainer reads (${modelFileVersion}); upgrade @rectify/trainer.`, { version });
  }
  const spec = parsed['spec'];
  if (!isModelSpecShape(spec)) throw fail('corrupt', path, 'the model spec is missing or malformed.');
  const parameters = parsed['parameters'];
  if (!Array.isArray(parameters) || !parameters.every(isParameter)) throw fail('corrupt', path, 'the parameter table is malformed.');
  const weightsFile = parsed['weightsFile'];
  if (typeof weightsFile !== 'string' || /[\\/]/.test(weightsFile) || weightsFile === '.' || weightsFile === '..' || weightsFile.length === 0) throw fail('corrupt', path, 'weightsFile must be a file name in the same directory.');
  const weightsBytes = parsed['weightsBytes'];
  const weightsCrc32 = parsed['weightsCrc32'];
  if (typeof weightsBytes !== 'number' || !Number.isInteger(weightsBytes) || typeof weightsCrc32 !== 'number' || !Number.isInteger(weightsCrc32)) {
    throw fail('corrupt', path, 'weightsBytes and weightsCrc32 must be integers.');
  }
  const activations = parsed['activations'];
  if (!isDefinitionTable(activations)) throw fail('corrupt', path, 'activations must map ids to definitions.');
  const metadata = parsed['metadata'];
  return {
    format: modelFileFormat,
    version,
    spec,
    activations,
    parameters,
    weightsFile,
    weightsBytes,
    weightsCrc32,
    ...(isRecord(metadata) ? { metadata } : {}),
  };
}

/** Shallow check; `buildModel` checks every layer in depth. */
const isModelSpecShape = (value: unknown): value is ModelSpec =>
  isRecord(value) && Number.isInteger(value['inputs']) && Array.isArray(value['layers']) && value['layers'].every((layer) => isRecord(layer) && typeof layer['type'] === 'string');

/** Shallow check; `definitionFromJSON` checks a definition in depth when it is registered. */
const isDefinitionTable = (value: unknown): value is Record<string, ActivationDefinitionJSON> =>
  isRecord(value) && Object.entries(value).every(([id, definition]) => isRecord(definition) && definition['id'] === id);

/**
 * Loads a model saved by `saveModel` onto `backend`. Truncated, corrupt or incompatible files (and
 * activations the backend's registry lacks or defines differently) give a RectifyError before any
 * tensor is made.
 */
export async function loadModel<T extends DeviceTensor>(backend: TrainingBackend<T>, path: string, options: LoadModelOptions = {}): Promise<LoadedModel<T>> {
  const { readFile } = nodeFs();
  const { dirname, join } = nodePath();
  const file = parseModelFile(await readFile(path, 'utf8'), path);
  for (const [id, saved] of Object.entries(file.activations)) {
    if (!backend.registry.has(id)) {
      if (options.registerMissingActivations !== true) {
        throw fail('incompatible', path, `activation "${id}" is not registered; register its plugin, or load with registerMissingActivations to use the saved definition.`, { id });
      }
      backend.registry.register(definitionFromJSON(saved));
    } else if (JSON.stringify(definitionToJSON(backend.registry.get(id))) !== JSON.stringify(saved)) {
      throw fail('incompatible', path, `activation "${id}" is registered with a different definition than the model was trained with.`, { id });
    }
  }
  const weightsPath = join(dirname(path), file.weightsFile);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(weightsPath));
  } catch (error) {
    throw fail('corrupt', path, `its weights file "${file.weightsFile}" cannot be read (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (bytes.length < file.weightsBytes) throw fail('truncated', path, `the weights file has ${bytes.length} bytes; ${file.weightsBytes} were written.`, { bytes: bytes.length, expected: file.weightsBytes });
  if (bytes.length !== file.weightsBytes) throw fail('corrupt', path, `the weights file has ${bytes.length} bytes; ${file.weightsBytes} were written.`);
  if (crc32(bytes) !== file.weightsCrc32) throw fail('corrupt', path, 'the weights do not match their checksum.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const initialParameters = new Map<string, Float32Array>();
  for (const parameter of file.parameters) {
    if ((parameter.offset + parameter.length) * 4 > bytes.length) throw fail('corrupt', path, `parameter "${parameter.name}" lies beyond the end of the weights.`);
    initialParameters.set(
      parameter.name,
      Float32Array.from({ length: parameter.length }, (_, index) => view.getFloat32((parameter.offset + index) * 4, true)),
    );
  }
  let model: SequentialModel<T>;
  try {
    model = buildModel(backend, file.spec, { initialParameters });
  } catch (error) {
    throw fail('incompatible', path, `its spec does not build: ${error instanceof Error ? error.message : String(error)}`);
  }
  const expected = new Set(model.parameters.map((parameter) => parameter.name));
  const missing = [...expected].filter((name) => !initialParameters.has(name));
  if (missing.length > 0) {
    model.dispose();
    throw fail('corrupt', path, `the weights lack ${missing.join(', ')}.`, { missing });
  }
  return { model, file };
}

import type { DeviceTensor, ParamValue, TrainingBackend } from '@rectify/activation-core';
import { RectifyError } from '@rectify/activation-core';
import { activationGain } from '../init/activation-gain.js';
import type { InitializerSpec } from '../init/initializers.js';
import { initializeWeights, parseInitializerName } from '../init/initializers.js';
import { SeededRandom } from '../random/seeded-random.js';
import type { ActivationLayerSpec } from './activation-binding.js';
import { ActivationBinding } from './activation-binding.js';
import { ActivationLayer } from './activation-layer.js';
import type { DenseLayerSpec } from './dense-layer.js';
import { DenseLayer } from './dense-layer.js';
import { DropoutLayer } from './dropout-layer.js';
import type { Layer, TrainableParameter } from './layer.js';
import type { LayerSpec, ModelSpec } from './model-spec.js';
import { SequentialModel } from './sequential-model.js';

export interface BuildModelOptions {
  /** Seed of the weight initialisation; each layer draws from its own stream, so layers do not shift each other. */
  readonly seed?: number;
  /** Parameter values to start from instead of initialising (a loaded model), by parameter name. */
  readonly initialParameters?: ReadonlyMap<string, Float32Array>;
  /** Called with each warning (e.g. zeros initialisation); they are also kept in `model.warnings`. */
  readonly onWarning?: (message: string) => void;
}

const positiveInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value > 0;

/** The activation a dense layer's weights feed: the next activation layer before any other dense layer. */
function followingActivation(layers: readonly LayerSpec[], index: number): ActivationLayerSpec | undefined {
  for (let next = index + 1; next < layers.length; next++) {
    const layer = layers[next];
    if (layer?.type === 'activation') return layer;
    if (layer?.type === 'dense') return undefined;
  }
  return undefined;
}

/** Checks a spec before anything is allocated on the device. */
export function validateModelSpec<T extends DeviceTensor>(spec: ModelSpec, backend: TrainingBackend<T>): void {
  if (!positiveInteger(spec.inputs)) throw new RectifyError('SHAPE_MISMATCH', `Model inputs must be a positive integer, got ${String(spec.inputs)}.`, { inputs: spec.inputs });
  if (!Array.isArray(spec.layers) || spec.layers.length === 0) throw new RectifyError('INVALID_OPTION', 'A model needs at least one layer.');
  spec.layers.forEach((layer: LayerSpec, index) => {
    switch (layer.type) {
      case 'dense':
        if (!positiveInteger(layer.units)) {
          throw new RectifyError('SHAPE_MISMATCH', `Layer ${index} (dense) needs a positive integer number of units, got ${String(layer.units)}.`, { layer: index, units: layer.units });
        }
        if (layer.init !== undefined) parseInitializerName(layer.init.name);
        if (layer.biasInit !== undefined && !Number.isFinite(layer.biasInit)) {
          throw new RectifyError('INVALID_OPTION', `Layer ${index} (dense): biasInit must be a finite number, got ${layer.biasInit}.`, { layer: index });
        }
        return;
      case 'activation':
        backend.registry.get(layer.id);
        return;
      case 'dropout':
        if (typeof layer.rate !== 'number' || !(layer.rate >= 0 && layer.rate < 1)) {
          throw new RectifyError('INVALID_OPTION', `Layer ${index} (dropout): rate must be in [0, 1), got ${String(layer.rate)}.`, { layer: index, rate: layer.rate });
        }
        return;
      default: {
        const unknown: { type?: unknown } = layer;
        throw new RectifyError('INVALID_OPTION', `Layer ${index} has unknown type ${JSON.stringify(unknown.type)}; expected dense, activation or dropout.`, { layer: index });
      }
    }
  });
}

function defaultInitializer(activation: ActivationLayerSpec | undefined): InitializerSpec {
  return activation?.id === 'selu' ? { name: 'lecun_normal' } : { name: 'he_normal' };
}

/**
 * Builds a sequential model on `backend`: weights initialised on the host from the seed (or taken
 * from `initialParameters`), then copied to the device. A dense layer directly followed by an
 * activation layer becomes one fused layer.
 */
export function buildModel<T extends DeviceTensor>(backend: TrainingBackend<T>, spec: ModelSpec, options: BuildModelOptions = {}): SequentialModel<T> {
  validateModelSpec(spec, backend);
  const root = new SeededRandom(options.seed ?? 0);
  const warnings: string[] = [];
  const initial = options.initialParameters ?? new Map<string, Float32Array>();
  const layers: Layer<T>[] = [];
  let units = spec.inputs;
  const take = (name: string, expected: number): Float32Array | undefined => {
    const saved = initial.get(name);
    if (saved !== undefined && saved.length !== expected) {
      throw new RectifyError('SHAPE_MISMATCH', `Parameter "${name}" has ${saved.length} values; the layer needs ${expected}.`, { name, expected, actual: saved.length });
    }
    return saved;
  };
  try {
    for (let index = 0; index < spec.layers.length; index++) {
      const layer = spec.layers[index];
      if (layer === undefined) continue;
      if (layer.type === 'dense') {
        const fused = spec.layers[index + 1]?.type === 'activation' ? (spec.layers[index + 1] as ActivationLayerSpec) : undefined;
        layers.push(buildDense(backend, layer, index, units, fused, followingActivation(spec.layers, index), root, take, initial, warnings));
        units = layer.units;
        if (fused !== undefined) index += 1;
      } else if (layer.type === 'activation') {
        layers.push(new ActivationLayer(backend, new ActivationBinding(layer, backend, units, `layers.${index}`, initial), units));
      } else {
        layers.push(new DropoutLayer(backend, layer, units, index));
      }
    }
  } catch (error) {
    for (const built of layers) built.dispose();
    throw error;
  }
  for (const warning of warnings) options.onWarning?.(warning);
  return new SequentialModel(backend, spec, layers, warnings);
}

function buildDense<T extends DeviceTensor>(
  backend: TrainingBackend<T>,
  layer: DenseLayerSpec,
  index: number,
  inputUnits: number,
  fused: ActivationLayerSpec | undefined,
  fedActivation: ActivationLayerSpec | undefined,
  root: SeededRandom,
  take: (name: string, expected: number) => Float32Array | undefined,
  initial: ReadonlyMap<string, Float32Array>,
  warnings: string[],
): DenseLayer<T> {
  const prefix = `layers.${index}`;
  const fedDefinition = backend.registry.get(fedActivation?.id ?? 'identity');
  const fedParams: Record<string, ParamValue> = { ...(fedActivation?.params ?? {}) };
  const init = layer.init ?? defaultInitializer(fedActivation);
  let weights = take(`${prefix}.weights`, inputUnits * layer.units);
  if (weights === undefined) {
    const drawn = initializeWeights({ ...init, name: parseInitializerName(init.name) }, { fanIn: inputUnits, fanOut: layer.units }, activationGain(fedDefinition, fedParams), root.fork(`${prefix}.weights`));
    if (drawn.warning !== undefined) warnings.push(`Layer ${index}: ${drawn.warning}`);
    weights = drawn.values;
  }
  const bias = take(`${prefix}.bias`, layer.units) ?? new Float32Array(layer.units).fill(layer.biasInit ?? 0);
  const activationSpec: ActivationLayerSpec = fused ?? { type: 'activation', id: 'identity' };
  const binding = new ActivationBinding(activationSpec, backend, layer.units, `layers.${fused === undefined ? index : index + 1}`, initial);
  const weightParameter: TrainableParameter<T> = { name: `${prefix}.weights`, role: 'weights', tensor: backend.tensor(weights, [inputUnits, layer.units]), state: [], decay: true };
  const biasParameter: TrainableParameter<T> = { name: `${prefix}.bias`, role: 'bias', tensor: backend.tensor(bias, [layer.units]), state: [], decay: false };
  return new DenseLayer(backend, layer, inputUnits, weightParameter, biasParameter, binding, fused === undefined ? undefined : { ...fused });
}

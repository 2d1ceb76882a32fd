import type { ActivationLayerSpec } from './activation-binding.js';
import type { DenseLayerSpec } from './dense-layer.js';
import type { DropoutLayerSpec } from './dropout-layer.js';

export type LayerSpec = DenseLayerSpec | ActivationLayerSpec | DropoutLayerSpec;

/** A sequential model as data: what `buildModel` builds and a saved model records. */
export interface ModelSpec {
  /** Features per input row. */
  readonly inputs: number;
  readonly layers: readonly LayerSpec[];
}

/** An MLP spec: dense layers of `hidden` units each followed by `activation`, then a dense output layer. */
export function mlpSpec(options: {
  readonly inputs: number;
  readonly hidden: readonly number[];
  readonly outputs: number;
  readonly activation: Omit<ActivationLayerSpec, 'type'>;
  readonly dropout?: number;
  readonly init?: DenseLayerSpec['init'];
  readonly biasInit?: number;
}): ModelSpec {
  const layers: LayerSpec[] = [];
  const dense = (units: number): DenseLayerSpec => ({
    type: 'dense',
    units,
    ...(options.init === undefined ? {} : { init: options.init }),
    ...(options.biasInit === undefined ? {} : { biasInit: options.biasInit }),
  });
  for (const units of options.hidden) {
    layers.push(dense(units), { type: 'activation', ...options.activation });
    if (options.dropout !== undefined && options.dropout > 0) layers.push({ type: 'dropout', rate: options.dropout });
  }
  layers.push({ type: 'dense', units: options.outputs, ...(options.init === undefined ? {} : { init: options.init }) });
  return { inputs: options.inputs, layers };
}

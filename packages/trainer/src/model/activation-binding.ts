import type { ActivationCall, DeviceTensor, ParamValue, TrainingBackend } from '@rectify/activation-core';
import { analyze, RectifyError } from '@rectify/activation-core';
import type { TrainableParameter } from './layer.js';

export interface ActivationLayerSpec {
  readonly type: 'activation';
  readonly id: string;
  /** Values of the definition's parameters; learnable ones are their initial values. */
  readonly params?: Readonly<Record<string, number>>;
  /** Learn one value per unit for per-channel learnable parameters (PReLU); one scalar otherwise. True by default. */
  readonly perUnit?: boolean;
  /**
   * Learn the definition's learnable parameters (PReLU's slope, SiLU's beta); true by default.
   * False keeps them at `params` or their defaults, as PyTorch's `requires_grad_(False)` does, and
   * the backward pass skips their gradients.
   */
  readonly learnParams?: boolean;
}

/**
 * An activation as a layer applies it: fixed parameters as numbers, learnable ones (PReLU's slope)
 * as device tensors of shape `[units]` (per unit) or `[1]` (one scalar for the layer).
 */
export class ActivationBinding<T extends DeviceTensor> {
  readonly parameters: TrainableParameter<T>[] = [];
  private readonly fixed: Record<string, ParamValue> = {};

  constructor(
    readonly spec: ActivationLayerSpec,
    backend: TrainingBackend<T>,
    units: number,
    namePrefix: string,
    initial: ReadonlyMap<string, Float32Array> = new Map(),
  ) {
    const definition = backend.registry.get(spec.id);
    if (spec.learnParams !== undefined && typeof spec.learnParams !== 'boolean') {
      throw new RectifyError('INVALID_OPTION', `learnParams of activation "${spec.id}" must be a boolean, got ${String(spec.learnParams)}.`, { id: spec.id });
    }
    const learnable = new Set(analyze(definition).learnableParams);
    for (const [name, value] of Object.entries(spec.params ?? {})) {
      const paramSpec = definition.params[name];
      if (paramSpec === undefined) {
        throw new RectifyError('UNKNOWN_PARAMETER', `Activation "${spec.id}" has no parameter "${name}"; it has ${Object.keys(definition.params).join(', ') || 'none'}.`, { id: spec.id, name });
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new RectifyError('INVALID_PARAM_TYPE', `Parameter "${name}" of "${spec.id}" must be a finite number, got ${String(value)}.`, { id: spec.id, name });
      }
    }
    for (const [name, paramSpec] of Object.entries(definition.params)) {
      const value = spec.params?.[name] ?? paramSpec.default;
      if (!learnable.has(name) || spec.learnParams === false) {
        if (spec.params?.[name] !== undefined) this.fixed[name] = value;
        continue;
      }
      const perUnit = paramSpec.perChannel === true && spec.perUnit !== false;
      const shape = perUnit ? [units] : [1];
      const parameterName = `${namePrefix}.${name}`;
      const saved = initial.get(parameterName);
      if (saved !== undefined && saved.length !== (perUnit ? units : 1)) {
        throw new RectifyError('SHAPE_MISMATCH', `Saved parameter "${parameterName}" has ${saved.length} values; the layer needs ${perUnit ? units : 1}.`, { name: parameterName });
      }
      const tensor = saved === undefined ? backend.fill(shape, value) : backend.tensor(saved, shape);
      this.parameters.push({ name: parameterName, role: 'activation', tensor, state: [], decay: false });
    }
  }

  get id(): string {
    return this.spec.id;
  }

  /** True for `identity` without parameters: its backward pass is the upstream gradient itself. */
  get isIdentity(): boolean {
    return this.spec.id === 'identity';
  }

  call(training: boolean, seed: number): ActivationCall {
    const params: Record<string, ParamValue | T> = { ...this.fixed };
    for (const parameter of this.parameters) params[parameter.name.slice(parameter.name.lastIndexOf('.') + 1)] = parameter.tensor;
    return { id: this.spec.id, params, training, seed, paramGradients: this.parameters.length > 0 };
  }

  /** Parameter gradients of an activationBackward result, in `parameters` order. */
  orderGradients(gradParams: Readonly<Record<string, T>>, backend: TrainingBackend<T>): T[] {
    const ordered: T[] = [];
    for (const parameter of this.parameters) {
      const key = parameter.name.slice(parameter.name.lastIndexOf('.') + 1);
      const grad = gradParams[key];
      if (grad === undefined) throw new RectifyError('SHAPE_MISMATCH', `The backend returned no gradient for "${parameter.name}".`, { name: parameter.name });
      ordered.push(grad);
    }
    for (const [key, grad] of Object.entries(gradParams)) {
      if (!this.parameters.some((parameter) => parameter.name.endsWith(`.${key}`))) backend.dispose(grad);
    }
    return ordered;
  }

  dispose(backend: TrainingBackend<T>): void {
    for (const parameter of this.parameters) {
      backend.dispose(parameter.tensor);
      for (const state of parameter.state) backend.dispose(state);
    }
  }
}

import type { DeviceTensor, OptimizerHyperparameters, OptimizerKind, TrainingBackend } from '@rectify/activation-core';
import { RectifyError } from '@rectify/activation-core';
import type { TrainableParameter } from '../model/layer.js';

export const optimizerKinds: readonly OptimizerKind[] = ['sgd', 'momentum', 'nesterov', 'adam', 'adamw'];

export interface OptimizerSpec {
  readonly kind: OptimizerKind;
  readonly learningRate: number;
  readonly momentum?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

export interface RegularizationSpec {
  /** Coupled L1 penalty on decayed parameters. */
  readonly l1?: number;
  /** Coupled L2 penalty on decayed parameters. */
  readonly l2?: number;
  /** Decoupled weight decay on decayed parameters (AdamW's; 0.01 by default for adamw, 0 otherwise). */
  readonly weightDecay?: number;
  /** Also decay learnable activation parameters (PReLU slopes); off by default, as PyTorch advises. */
  readonly decayActivationParams?: boolean;
}

export function checkOptimizerKind(kind: string): OptimizerKind {
  const found = optimizerKinds.find((candidate) => candidate === kind);
  if (found === undefined) throw new RectifyError('INVALID_OPTION', `Unknown optimiser "${kind}"; choose one of ${optimizerKinds.join(', ')}.`, { kind });
  return found;
}

const stateCount = (kind: OptimizerKind): number => (kind === 'sgd' ? 0 : kind === 'adam' || kind === 'adamw' ? 2 : 1);

/** Applies one optimiser step to every parameter through the backend's `optimizerStep`. */
export class Optimizer<T extends DeviceTensor> {
  private steps = 0;

  constructor(
    private readonly backend: TrainingBackend<T>,
    readonly spec: OptimizerSpec,
    private readonly regularization: RegularizationSpec = {},
  ) {
    checkOptimizerKind(spec.kind);
    for (const [name, value] of Object.entries({ l1: regularization.l1, l2: regularization.l2, weightDecay: regularization.weightDecay })) {
      if (value !== undefined && !(Number.isFinite(value) && value >= 0)) throw new RectifyError('INVALID_OPTION', `${name} must be a finite number >= 0, got ${value}.`, { [name]: value });
    }
  }

  get stepCount(): number {
    return this.steps;
  }

  /** Updates each parameter in place with its gradient at `learningRate`. */
  step(parameters: readonly TrainableParameter<T>[], grads: readonly T[], learningRate: number): void {
    if (grads.length !== parameters.length) {
      throw new RectifyError('SHAPE_MISMATCH', `${grads.length} gradients for ${parameters.length} parameters.`, { grads: grads.length, parameters: parameters.length });
    }
    this.steps += 1;
    const { kind } = this.spec;
    parameters.forEach((parameter, index) => {
      const grad = grads[index];
      if (grad === undefined) return;
      while (parameter.state.length < stateCount(kind)) parameter.state.push(this.backend.zeros(parameter.tensor.shape));
      const decays = parameter.role === 'activation' ? this.regularization.decayActivationParams === true : parameter.decay;
      const hyper: OptimizerHyperparameters = {
        learningRate,
        step: this.steps,
        ...(this.spec.momentum === undefined ? {} : { momentum: this.spec.momentum }),
        ...(this.spec.beta1 === undefined ? {} : { beta1: this.spec.beta1 }),
        ...(this.spec.beta2 === undefined ? {} : { beta2: this.spec.beta2 }),
        ...(this.spec.epsilon === undefined ? {} : { epsilon: this.spec.epsilon }),
        l1: decays ? (this.regularization.l1 ?? 0) : 0,
        l2: decays ? (this.regularization.l2 ?? 0) : 0,
        weightDecay: decays ? (this.regularization.weightDecay ?? (kind === 'adamw' ? 0.01 : 0)) : 0,
      };
      this.backend.optimizerStep(kind, parameter.tensor, grad, parameter.state, hyper);
    });
  }
}

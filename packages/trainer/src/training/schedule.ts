import { RectifyError } from '@rectify/activation-core';

export type ScheduleKind = 'constant' | 'step' | 'cosine';
export const scheduleKinds: readonly ScheduleKind[] = ['constant', 'step', 'cosine'];

export interface ScheduleSpec {
  readonly kind: ScheduleKind;
  /** 'step': multiply the rate by `gamma` every `stepEpochs` epochs (defaults 1 and 0.1). */
  readonly stepEpochs?: number;
  readonly gamma?: number;
  /** 'cosine': the rate reached at the last step (0 by default). */
  readonly minLearningRate?: number;
  /** Linear warm-up from 0 over the first `warmupSteps` steps, then the schedule (0 by default). */
  readonly warmupSteps?: number;
}

export interface ScheduleContext {
  /** 0-based optimiser step. */
  readonly step: number;
  /** 0-based epoch of that step. */
  readonly epoch: number;
  readonly totalSteps: number;
}

export type LearningRateSchedule = (context: ScheduleContext) => number;

const nonNegative = (name: string, value: number): number => {
  if (!Number.isFinite(value) || value < 0) throw new RectifyError('INVALID_OPTION', `${name} must be a finite number >= 0, got ${value}.`, { [name]: value });
  return value;
};

export function checkLearningRate(learningRate: number): number {
  if (typeof learningRate !== 'number' || !Number.isFinite(learningRate) || learningRate < 0) {
    throw new RectifyError('INVALID_OPTION', `learning rate must be a finite number >= 0, got ${String(learningRate)}.`, { learningRate });
  }
  return learningRate;
}

/** The learning rate at each step for a base rate and a schedule. */
export function createSchedule(baseRate: number, spec: ScheduleSpec = { kind: 'constant' }): LearningRateSchedule {
  checkLearningRate(baseRate);
  const warmup = nonNegative('warmupSteps', spec.warmupSteps ?? 0);
  const stepEpochs = spec.stepEpochs ?? 1;
  if (!Number.isInteger(stepEpochs) || stepEpochs < 1) throw new RectifyError('INVALID_OPTION', `stepEpochs must be a positive integer, got ${stepEpochs}.`, { stepEpochs });
  const gamma = nonNegative('gamma', spec.gamma ?? 0.1);
  const floor = checkLearningRate(spec.minLearningRate ?? 0);
  if (!scheduleKinds.includes(spec.kind)) throw new RectifyError('INVALID_OPTION', `Unknown schedule "${spec.kind}"; choose one of ${scheduleKinds.join(', ')}.`, { kind: spec.kind });
  return ({ step, epoch, totalSteps }) => {
    let rate = baseRate;
    if (spec.kind === 'step') rate = baseRate * gamma ** Math.floor(epoch / stepEpochs);
    if (spec.kind === 'cosine') {
      const span = Math.max(1, totalSteps - 1);
      rate = floor + 0.5 * (baseRate - floor) * (1 + Math.cos((Math.PI * Math.min(step, span)) / span));
    }
    return step < warmup ? (rate * (step + 1)) / warmup : rate;
  };
}

import { describe, expect, it } from 'vitest';
import { createSchedule } from './schedule.js';

const at = (schedule: ReturnType<typeof createSchedule>, step: number, epoch = 0, totalSteps = 100): number => schedule({ step, epoch, totalSteps });

describe('createSchedule', () => {
  it('keeps a constant rate', () => {
    expect(at(createSchedule(0.1), 0)).toBe(0.1);
    expect(at(createSchedule(0.1), 99, 9)).toBe(0.1);
  });

  it('steps down by gamma every stepEpochs epochs', () => {
    const schedule = createSchedule(1, { kind: 'step', stepEpochs: 2, gamma: 0.1 });
    expect([0, 1, 2, 3, 4].map((epoch) => at(schedule, 0, epoch))).toEqual([1, 1, 0.1, 0.1, 1 * 0.1 ** 2]);
  });

  it('follows half a cosine from the base rate to the floor', () => {
    const schedule = createSchedule(1, { kind: 'cosine', minLearningRate: 0.1 });
    expect(at(schedule, 0)).toBeCloseTo(1, 12);
    expect(at(schedule, 99)).toBeCloseTo(0.1, 12);
    expect(at(schedule, 49.5)).toBeCloseTo(0.55, 12);
  });

  it('warms up linearly before the schedule', () => {
    const schedule = createSchedule(1, { kind: 'constant', warmupSteps: 4 });
    expect([0, 1, 2, 3, 4].map((step) => at(schedule, step))).toEqual([0.25, 0.5, 0.75, 1, 1]);
  });

  it('rejects negative rates and unknown kinds', () => {
    expect(() => createSchedule(-0.1)).toThrow(/learning rate must be a finite number >= 0, got -0.1/);
    expect(() => createSchedule(0.1, { kind: 'exponential' as 'step' })).toThrow(/Unknown schedule "exponential"/);
  });
});

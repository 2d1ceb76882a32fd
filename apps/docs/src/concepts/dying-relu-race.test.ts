import { describe, expect, it } from 'vitest';
import { createSiteRegistry } from '../site/site-registry.js';
import type { RacePoint, RaceRun } from './dying-relu-race.js';
import { raceDyingRelu } from './dying-relu-race.js';

describe('the dying ReLU race of the concept page', () => {
  it('kills ReLU units at the high learning rate while leaky ReLU keeps learning', async () => {
    const points = new Map<RaceRun, RacePoint[]>([
      ['dying-relu', []],
      ['leaky-relu', []],
    ]);
    await raceDyingRelu(createSiteRegistry(), 30, (run, point) => points.get(run)?.push(point)).done;
    const relu = points.get('dying-relu') ?? [];
    const leaky = points.get('leaky-relu') ?? [];
    console.info(`dead share after 30 epochs: relu ${relu.at(-1)?.deadShare}, leaky ${leaky.at(-1)?.deadShare}; test loss ${relu.at(-1)?.testLoss} vs ${leaky.at(-1)?.testLoss}`);
    expect(relu.map((point) => point.epoch)).toEqual(Array.from({ length: 31 }, (_, epoch) => epoch));
    expect(leaky).toHaveLength(31);
    expect(relu[0]?.deadShare).toBeLessThan(0.2);
    expect(relu.at(-1)?.deadShare).toBeGreaterThan(0.4);
    expect(leaky.at(-1)?.testLoss).toBeLessThan((relu.at(-1)?.testLoss ?? 0) - 0.2);
  }, 120_000);
});

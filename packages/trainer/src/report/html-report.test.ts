import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../training/train-options.js';
import { htmlReport } from './html-report.js';
import { metricsCsv, metricsJson } from './metrics-files.js';
import type { RunRecord } from './run-record.js';

const record = (epoch: number, dead: number): EpochRecord => ({
  epoch,
  testLoss: 1 / (epoch + 1),
  testAccuracy: 0.5 + epoch / 10,
  ...(epoch === 0 ? {} : { trainLoss: 1 / epoch, trainAccuracy: 0.6, samplesPerSecond: 1000 }),
  diagnostics: [
    { layer: 0, description: 'dense 2→4 + relu', activationId: 'relu', units: 4, deadFraction: dead, sparsity: 0.5, gradNorm: 0.1, weightNorm: 2, activationHistogram: { min: 0, max: 1, counts: [3, 1], nonFinite: 0 }, gradHistogram: { min: -1, max: 1, counts: [1, 1], nonFinite: 0 } },
    { layer: 1, description: 'dense 4→2', activationId: undefined, units: 2, gradNorm: 0.2, weightNorm: 1 },
  ],
});

const run = (label: string): RunRecord => ({
  label,
  backend: 'reference',
  layers: ['dense 2→4 + relu', 'dense 4→2'],
  seconds: 1.5,
  result: { history: [record(0, 0), record(1, 0.25)], stoppedEarlyAfter: undefined, restoredEpoch: undefined, steps: 3, stepLosses: [1, 0.8, 0.6], medianSamplesPerSecond: 1000, final: { testAccuracy: 0.6, testLoss: 0.5 } },
});

describe('htmlReport', () => {
  const html = htmlReport([run('relu <a>'), run('elu')], { title: 'Report & test', settings: { data: 'xor' } });

  it('is self-contained: inline SVG, no scripts and no external resources', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThan(8);
  });

  it('escapes run labels and titles', () => {
    expect(html).toContain('relu &lt;a&gt;');
    expect(html).toContain('Report &amp; test');
    expect(html).not.toContain('relu <a>');
  });

  it('draws the curves, dead units per layer, gradient norms and histograms', () => {
    for (const title of ['Training loss per step', 'Held-out accuracy', 'Dead units, layer 0', 'Gradient norm, layer 1', 'L0 outputs at init', 'L0 weight gradients']) expect(html).toContain(title);
    expect(html).toContain('0.0% → 25.0%');
  });
});

describe('metrics files', () => {
  it('writes one CSV row per run and epoch with per-layer columns', () => {
    const lines = metricsCsv([run('relu'), run('elu')]).trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^run,backend,epoch,train_loss,.*dead_L0,died_L0,sparsity_L0,grad_norm_L0,weight_norm_L0,dead_L1/);
    expect(lines[2]?.split(',').slice(0, 3)).toEqual(['relu', 'reference', '1']);
    expect(lines[2]?.split(',')[10]).toBe('0.25');
  });

  it('quotes CSV cells with commas and keeps JSON valid for non-finite numbers', () => {
    expect(metricsCsv([run('a,b')])).toContain('"a,b"');
    const parsed = JSON.parse(metricsJson([{ ...run('x'), seconds: Number.NaN }], {})) as { runs: { seconds: unknown }[] };
    expect(parsed.runs[0]?.seconds).toBe('NaN');
  });
});

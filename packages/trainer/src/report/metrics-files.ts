import type { RunRecord } from './run-record.js';

/** Every run with its full history (diagnostics and histograms included), as JSON. */
export function metricsJson(runs: readonly RunRecord[], settings: Readonly<Record<string, unknown>>): string {
  return `${JSON.stringify({ settings, runs }, (_, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value), 2)}\n`;
}

const csvCell = (value: unknown): string => {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** One row per run and epoch; per-layer diagnostics as columns `<metric>_L<layer>`. */
export function metricsCsv(runs: readonly RunRecord[]): string {
  const layers = [...new Set(runs.flatMap((run) => run.result.history.flatMap((record) => (record.diagnostics ?? []).map((entry) => entry.layer))))].sort((a, b) => a - b);
  const perLayer = ['dead', 'died', 'sparsity', 'grad_norm', 'weight_norm'] as const;
  const header = ['run', 'backend', 'epoch', 'train_loss', 'train_accuracy', 'test_loss', 'test_accuracy', 'learning_rate', 'seconds', 'samples_per_second', ...layers.flatMap((layer) => perLayer.map((metric) => `${metric}_L${layer}`))];
  const rows = runs.flatMap((run) =>
    run.result.history.map((record) => {
      const layerValues = layers.flatMap((layer) => {
        const entry = record.diagnostics?.find((candidate) => candidate.layer === layer);
        return [entry?.deadFraction, entry?.diedFraction, entry?.sparsity, entry?.gradNorm, entry?.weightNorm];
      });
      return [run.label, run.backend, record.epoch, record.trainLoss, record.trainAccuracy, record.testLoss, record.testAccuracy, record.learningRate, record.seconds, record.samplesPerSecond, ...layerValues];
    }),
  );
  return `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}

import type { RunRecord } from '../report/run-record.js';
import { fixed, formatTable, percent, rounded } from './table.js';

/** The final table of a set of runs: accuracy, loss, dead units and sparsity per activation layer, speed. */
export function summaryTable(runs: readonly RunRecord[]): string {
  const layers = (runs[0]?.result.history[0]?.diagnostics ?? []).filter((layer) => layer.deadFraction !== undefined).map((layer) => layer.layer);
  const headers = ['run', 'test acc', 'test loss', 'train loss', ...layers.map((layer) => `dead L${layer}`), ...layers.map((layer) => `died L${layer}`), ...layers.map((layer) => `zeros L${layer}`), 'samples/s', 'seconds'];
  const rows = runs.map((run) => {
    const last = run.result.history.at(-1)?.diagnostics ?? [];
    const of = (layer: number) => last.find((entry) => entry.layer === layer);
    return [
      run.label,
      percent(run.result.final.testAccuracy, 2),
      fixed(run.result.final.testLoss),
      fixed(run.result.final.trainLoss),
      ...layers.map((layer) => percent(of(layer)?.deadFraction)),
      ...layers.map((layer) => percent(of(layer)?.diedFraction)),
      ...layers.map((layer) => percent(of(layer)?.sparsity)),
      rounded(run.result.medianSamplesPerSecond),
      run.seconds.toFixed(1),
    ];
  });
  return formatTable(headers, rows);
}

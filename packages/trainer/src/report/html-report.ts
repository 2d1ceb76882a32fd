import { fixed, percent, rounded } from '../cli/table.js';
import type { RunRecord } from './run-record.js';
import { escapeXml } from './svg-escape.js';
import { histogramChart } from './svg-histogram.js';
import type { Series } from './svg-line-chart.js';
import { lineChart, palette } from './svg-line-chart.js';

export interface ReportOptions {
  readonly title: string;
  /** Settings shown under the title (data, model, optimiser...). */
  readonly settings: Readonly<Record<string, string>>;
  readonly notes?: readonly string[];
}

const movingAverage = (values: readonly number[], window: number): [number, number][] =>
  values.map((_, index) => {
    const start = Math.max(0, index - window + 1);
    const slice = values.slice(start, index + 1);
    return [index + 1, slice.reduce((a, b) => a + b, 0) / slice.length];
  });

/** Activation layers (those with dead-unit statistics) of the first run, by index. */
const activationLayers = (runs: readonly RunRecord[]): number[] =>
  (runs[0]?.result.history[0]?.diagnostics ?? []).filter((layer) => layer.deadFraction !== undefined).map((layer) => layer.layer);

const weightLayers = (runs: readonly RunRecord[]): number[] =>
  (runs[0]?.result.history[0]?.diagnostics ?? []).filter((layer) => layer.gradNorm !== undefined).map((layer) => layer.layer);

function summaryTable(runs: readonly RunRecord[]): string {
  const layers = activationLayers(runs);
  const head = ['run', 'test accuracy', 'test loss', 'train loss', ...layers.map((layer) => `dead L${layer} (init → end)`), ...layers.map((layer) => `sparsity L${layer}`), 'samples/s', 'time'];
  const rows = runs.map((run) => {
    const first = run.result.history[0];
    const last = run.result.history.at(-1);
    const layerOf = (record: typeof last, layer: number) => record?.diagnostics?.find((entry) => entry.layer === layer);
    return [
      run.label,
      percent(run.result.final.testAccuracy, 2),
      fixed(run.result.final.testLoss),
      fixed(run.result.final.trainLoss),
      ...layers.map((layer) => `${percent(layerOf(first, layer)?.deadFraction)} → ${percent(layerOf(last, layer)?.deadFraction)}`),
      ...layers.map((layer) => percent(layerOf(last, layer)?.sparsity)),
      rounded(run.result.medianSamplesPerSecond),
      `${run.seconds.toFixed(1)} s`,
    ];
  });
  return `<table><thead><tr>${head.map((cell) => `<th>${escapeXml(cell)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeXml(cell)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** A self-contained HTML page: inline SVG charts and CSS only, nothing fetched from the network. */
export function htmlReport(runs: readonly RunRecord[], options: ReportOptions): string {
  const epochSeries = (pick: (record: RunRecord['result']['history'][number]) => number | undefined): Series[] =>
    runs.map((run) => ({ name: run.label, points: run.result.history.map((record) => [record.epoch, pick(record) ?? Number.NaN] as const) }));
  const steps = runs.map((run) => ({ name: run.label, points: movingAverage(run.result.stepLosses, Math.max(1, Math.round(run.result.stepLosses.length / 60))) }));
  const charts: string[] = [
    lineChart(steps, { title: 'Training loss per step (moving average)', xLabel: 'step', yLabel: 'loss', logY: true }),
    lineChart(epochSeries((record) => record.testLoss), { title: 'Held-out loss', xLabel: 'epoch', yLabel: 'loss', integerX: true }),
    lineChart(epochSeries((record) => record.testAccuracy), { title: 'Held-out accuracy', xLabel: 'epoch', yLabel: 'accuracy', yRange: [0, 1], integerX: true }),
    lineChart(epochSeries((record) => record.trainAccuracy), { title: 'Training accuracy (during the epoch)', xLabel: 'epoch', yLabel: 'accuracy', yRange: [0, 1], integerX: true }),
  ];
  const layerFrom = (record: RunRecord['result']['history'][number], layer: number) => record.diagnostics?.find((entry) => entry.layer === layer);
  const deadCharts = activationLayers(runs).flatMap((layer) => [
    lineChart(epochSeries((record) => layerFrom(record, layer)?.deadFraction), { title: `Dead units, layer ${layer}`, xLabel: 'epoch', yLabel: 'share never positive', yRange: [0, 1], integerX: true }),
    lineChart(epochSeries((record) => layerFrom(record, layer)?.sparsity), { title: `Sparsity, layer ${layer}`, xLabel: 'epoch', yLabel: 'share of exact zeros', yRange: [0, 1], integerX: true }),
  ]);
  const gradCharts = weightLayers(runs).flatMap((layer) => [
    lineChart(epochSeries((record) => layerFrom(record, layer)?.gradNorm), { title: `Gradient norm, layer ${layer}`, xLabel: 'epoch', yLabel: '‖∇W‖', logY: true, integerX: true }),
    lineChart(epochSeries((record) => layerFrom(record, layer)?.weightNorm), { title: `Weight norm, layer ${layer}`, xLabel: 'epoch', yLabel: '‖W‖', integerX: true }),
  ]);
  const histogramRows = runs.map((run, index) => {
    const color = palette[index % palette.length] ?? '#1f77b4';
    const first = run.result.history[0];
    const last = run.result.history.at(-1);
    const cells = activationLayers([run]).flatMap((layer) => {
      const atInit = first === undefined ? undefined : layerFrom(first, layer)?.activationHistogram;
      const atEnd = last === undefined ? undefined : layerFrom(last, layer)?.activationHistogram;
      return [
        atInit === undefined ? '' : histogramChart(atInit, `L${layer} outputs at init`, color),
        atEnd === undefined ? '' : histogramChart(atEnd, `L${layer} outputs, epoch ${last?.epoch ?? 0}`, color),
      ];
    });
    const grads = weightLayers([run]).map((layer) => {
      const end = last === undefined ? undefined : layerFrom(last, layer)?.gradHistogram;
      return end === undefined ? '' : histogramChart(end, `L${layer} weight gradients, epoch ${last?.epoch ?? 0}`, color);
    });
    return `<h3>${escapeXml(run.label)}</h3><div class="grid">${[...cells, ...grads].join('')}</div>`;
  });
  const settings = Object.entries(options.settings)
    .map(([key, value]) => `<tr><th>${escapeXml(key)}</th><td>${escapeXml(value)}</td></tr>`)
    .join('');
  const notes = (options.notes ?? []).map((note) => `<p>${escapeXml(note)}</p>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(options.title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 24px; color: #222; max-width: 1800px; }
table { border-collapse: collapse; margin: 8px 0 16px; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; font-size: 13px; }
.grid { display: flex; flex-wrap: wrap; gap: 12px; }
h2 { margin-top: 32px; border-bottom: 1px solid #ddd; }
</style>
</head>
<body>
<h1>${escapeXml(options.title)}</h1>
<table>${settings}</table>
${notes}
<h2>Summary</h2>
${summaryTable(runs)}
<p>Dead unit: a unit whose output is never positive on any row of the probe set. Sparsity: share of outputs exactly 0. Gradient and weight norms: L2 norms of each dense layer's weights and of their gradient on the probe set.</p>
<h2>Loss and accuracy</h2>
<div class="grid">${charts.join('')}</div>
<h2>Dead units and sparsity per layer</h2>
<div class="grid">${deadCharts.join('')}</div>
<h2>Gradient and weight norms per layer</h2>
<div class="grid">${gradCharts.join('')}</div>
<h2>Histograms</h2>
${histogramRows.join('')}
</body>
</html>
`;
}

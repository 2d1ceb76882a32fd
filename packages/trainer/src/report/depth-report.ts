import { escapeXml } from './svg-escape.js';
import type { Series } from './svg-line-chart.js';
import { lineChart } from './svg-line-chart.js';

export interface DepthProfile {
  readonly label: string;
  /** Gradient norm of each dense layer's weights at initialisation, input side first. */
  readonly gradNorms: readonly number[];
  /** Standard deviation of each activation layer's outputs at initialisation. */
  readonly outputStds: readonly number[];
}

/** A self-contained page for `experiment depth`: gradient norm and output spread per layer. */
export function depthReport(profiles: readonly DepthProfile[], settings: Readonly<Record<string, string>>): string {
  const gradSeries: Series[] = profiles.map((profile) => ({ name: profile.label, points: profile.gradNorms.map((value, index) => [index, value] as const) }));
  const stdSeries: Series[] = profiles.map((profile) => ({ name: profile.label, points: profile.outputStds.map((value, index) => [index, value] as const) }));
  const rows = Object.entries(settings)
    .map(([key, value]) => `<tr><th>${escapeXml(key)}</th><td>${escapeXml(value)}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rectify experiment: depth</title>
<style>body { font-family: system-ui, sans-serif; margin: 24px; } table { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: 4px 8px; font-size: 13px; text-align: left; } .grid { display: flex; flex-wrap: wrap; gap: 12px; }</style>
</head><body>
<h1>Rectify experiment: depth</h1>
<table>${rows}</table>
<p>Gradient norms of each dense layer's weights for one loss evaluation at initialisation (layer 0 is next to the input). A curve falling towards the input is a vanishing gradient; a rising one, an exploding gradient.</p>
<div class="grid">
${lineChart(gradSeries, { title: 'Weight-gradient norm per layer at initialisation', xLabel: 'dense layer (0 = input side)', yLabel: '‖∇W‖', logY: true, integerX: true, width: 640, height: 360 })}
${lineChart(stdSeries, { title: 'Spread of activation outputs per layer at initialisation', xLabel: 'activation layer', yLabel: 'std of outputs', logY: true, integerX: true, width: 640, height: 360 })}
</div>
</body></html>
`;
}

import type { Histogram } from '../diagnostics/histogram.js';
import { escapeXml } from './svg-escape.js';

/** A small bar chart of a histogram as inline SVG, with its range and zero marked. */
export function histogramChart(data: Histogram, title: string, color = '#1f77b4'): string {
  const width = 260;
  const height = 130;
  const margin = { left: 8, right: 8, top: 20, bottom: 22 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const peak = Math.max(1, ...data.counts);
  const barWidth = plotWidth / Math.max(1, data.counts.length);
  const bars = data.counts
    .map((count, index) => {
      const barHeight = (count / peak) * plotHeight;
      return `<rect x="${(margin.left + index * barWidth).toFixed(1)}" y="${(margin.top + plotHeight - barHeight).toFixed(1)}" width="${Math.max(0.5, barWidth - 0.5).toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${color}"/>`;
    })
    .join('');
  const zero =
    data.min < 0 && data.max > 0
      ? `<line x1="${(margin.left + (-data.min / (data.max - data.min)) * plotWidth).toFixed(1)}" x2="${(margin.left + (-data.min / (data.max - data.min)) * plotWidth).toFixed(1)}" y1="${margin.top}" y2="${margin.top + plotHeight}" stroke="#333" stroke-dasharray="2,2"/>`
      : '';
  const range = `${Number(data.min.toPrecision(3))} … ${Number(data.max.toPrecision(3))}${data.nonFinite > 0 ? ` (${data.nonFinite} non-finite)` : ''}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" font-family="sans-serif" font-size="10">`,
    `<title>${escapeXml(title)}</title>`,
    `<text x="${width / 2}" y="12" text-anchor="middle" font-weight="bold">${escapeXml(title)}</text>`,
    bars,
    zero,
    `<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight}" stroke="#999"/>`,
    `<text x="${width / 2}" y="${height - 6}" text-anchor="middle">${escapeXml(range)}</text>`,
    '</svg>',
  ].join('');
}

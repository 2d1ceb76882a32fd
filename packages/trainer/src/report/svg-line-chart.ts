import { escapeXml } from './svg-escape.js';

export interface Series {
  readonly name: string;
  /** Points as [x, y]; non-finite y values break the line. */
  readonly points: readonly (readonly [number, number])[];
}

export interface LineChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly logY?: boolean;
  /** Fixed y range (e.g. [0, 1] for shares); the data's range otherwise. */
  readonly yRange?: readonly [number, number];
  /** Label x ticks at whole numbers only (epochs, layers). */
  readonly integerX?: boolean;
  readonly width?: number;
  readonly height?: number;
}

export const palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

const tickText = (value: number): string => {
  const magnitude = Math.abs(value);
  if (value === 0) return '0';
  if (magnitude >= 1e4 || magnitude < 1e-3) return value.toExponential(0);
  return Number(value.toPrecision(3)).toString();
};

/** A line chart as an inline SVG string, with axes, ticks and a legend; no scripts, no external resources. */
export function lineChart(series: readonly Series[], options: LineChartOptions): string {
  const width = options.width ?? 560;
  const height = options.height ?? 300;
  const margin = { left: 62, right: 16, top: 28, bottom: 44 };
  const legendWidth = 0;
  const plotWidth = width - margin.left - margin.right - legendWidth;
  const plotHeight = height - margin.top - margin.bottom;
  const transform = (y: number): number => (options.logY === true ? Math.log10(y) : y);
  const usable = series.flatMap((entry) => entry.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(transform(y))));
  if (usable.length === 0) {
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img"><title>${escapeXml(options.title)}</title><text x="${width / 2}" y="${height / 2}" text-anchor="middle">${escapeXml(options.title)}: no data</text></svg>`;
  }
  const xMin = Math.min(...usable.map(([x]) => x));
  let xMax = Math.max(...usable.map(([x]) => x));
  let yMin = Math.min(...usable.map(([, y]) => transform(y)));
  let yMax = Math.max(...usable.map(([, y]) => transform(y)));
  if (xMax === xMin) xMax = xMin + 1;
  if (yMax === yMin) {
    yMin -= 0.5;
    yMax += 0.5;
  }
  const pad = (yMax - yMin) * 0.05;
  yMin -= pad;
  yMax += pad;
  if (options.yRange !== undefined) [yMin, yMax] = [transform(options.yRange[0]), transform(options.yRange[1])];
  const px = (x: number): number => margin.left + ((x - xMin) / (xMax - xMin)) * plotWidth;
  const py = (y: number): number => margin.top + (1 - (transform(y) - yMin) / (yMax - yMin)) * plotHeight;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(options.title)}</title>`,
    `<text x="${width / 2}" y="16" text-anchor="middle" font-size="13" font-weight="bold">${escapeXml(options.title)}</text>`,
    `<rect x="${margin.left}" y="${margin.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#999"/>`,
  ];
  for (let tick = 0; tick <= 4; tick++) {
    const value = yMin + ((yMax - yMin) * tick) / 4;
    const y = margin.top + (1 - tick / 4) * plotHeight;
    const label = options.logY === true ? tickText(10 ** value) : tickText(value);
    parts.push(`<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#eee"/>`);
    parts.push(`<text x="${margin.left - 4}" y="${(y + 4).toFixed(1)}" text-anchor="end">${label}</text>`);
    if (options.integerX !== true) {
      const xValue = xMin + ((xMax - xMin) * tick) / 4;
      const x = margin.left + (plotWidth * tick) / 4;
      parts.push(`<text x="${x.toFixed(1)}" y="${margin.top + plotHeight + 14}" text-anchor="middle">${tickText(xValue)}</text>`);
    }
  }
  if (options.integerX === true) {
    const stride = Math.max(1, Math.ceil((xMax - xMin) / 10));
    for (let value = Math.ceil(xMin); value <= xMax; value += stride) {
      parts.push(`<text x="${px(value).toFixed(1)}" y="${margin.top + plotHeight + 14}" text-anchor="middle">${value}</text>`);
    }
  }
  parts.push(`<text x="${margin.left + plotWidth / 2}" y="${height - 6}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`);
  parts.push(`<text transform="translate(14 ${margin.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel)}${options.logY === true ? ' (log)' : ''}</text>`);
  series.forEach((entry, index) => {
    const color = palette[index % palette.length] ?? '#000';
    const segments: string[] = [];
    let current: string[] = [];
    for (const [x, y] of entry.points) {
      if (!Number.isFinite(x) || !Number.isFinite(transform(y))) {
        if (current.length > 0) segments.push(current.join(' '));
        current = [];
        continue;
      }
      current.push(`${px(x).toFixed(1)},${py(y).toFixed(1)}`);
    }
    if (current.length > 0) segments.push(current.join(' '));
    for (const segment of segments) {
      const single = !segment.includes(' ');
      parts.push(single ? `<circle cx="${segment.split(',')[0] ?? 0}" cy="${segment.split(',')[1] ?? 0}" r="2.5" fill="${color}"/>` : `<polyline fill="none" stroke="${color}" stroke-width="1.6" points="${segment}"/>`);
    }
    const legendY = margin.top + 12 + index * 14;
    parts.push(`<rect x="${margin.left + plotWidth - 118}" y="${legendY - 8}" width="10" height="10" fill="${color}"/>`);
    parts.push(`<text x="${margin.left + plotWidth - 104}" y="${legendY + 1}">${escapeXml(entry.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

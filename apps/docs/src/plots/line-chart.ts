import type uPlot from 'uplot';

export interface LineSeries {
  readonly label: string;
  readonly color: string;
  readonly dash?: readonly number[];
  /** Points only, no line: for markers such as kinks. */
  readonly pointsOnly?: boolean;
}

export interface LineChartOptions {
  readonly series: readonly LineSeries[];
  readonly xLabel: string;
  readonly yLabel?: string;
  readonly height?: number;
}

export type ChartColumns = readonly (readonly (number | null)[])[];

/** uPlot is loaded on the client only, when the first chart is drawn. */
async function loadUPlot(): Promise<typeof uPlot> {
  const module = await import('uplot');
  return module.default;
}

export interface LineChart {
  update(columns: ChartColumns): void;
  destroy(): void;
}

export async function createLineChart(element: HTMLElement, options: LineChartOptions, columns: ChartColumns): Promise<LineChart> {
  const UPlot = await loadUPlot();
  const width = (): number => Math.max(280, element.clientWidth);
  const chartOptions: uPlot.Options = {
    width: width(),
    height: options.height ?? 320,
    scales: { x: { time: false } },
    axes: [{ label: options.xLabel }, options.yLabel === undefined ? {} : { label: options.yLabel }],
    series: [
      { label: options.xLabel },
      ...options.series.map((series): uPlot.Series => ({
        label: series.label,
        stroke: series.color,
        width: 2,
        ...(series.dash === undefined ? {} : { dash: [...series.dash] }),
        ...(series.pointsOnly === true ? { paths: () => null, points: { show: true, size: 10, fill: series.color, stroke: series.color } } : { points: { show: false } }),
      })),
    ],
  };
  const toData = (data: ChartColumns): uPlot.AlignedData => data.map((column) => [...column]) as uPlot.AlignedData;
  const chart = new UPlot(chartOptions, toData(columns), element);
  const resize = new ResizeObserver(() => {
    chart.setSize({ width: width(), height: options.height ?? 320 });
  });
  resize.observe(element);
  return {
    update(data) {
      chart.setData(toData(data));
    },
    destroy() {
      resize.disconnect();
      chart.destroy();
    },
  };
}

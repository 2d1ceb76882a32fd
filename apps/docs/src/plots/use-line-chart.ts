import type { Ref } from 'vue';
import { onBeforeUnmount, onMounted, watch } from 'vue';
import type { ChartColumns, LineChart, LineChartOptions } from './line-chart.js';
import { createLineChart } from './line-chart.js';

/**
 * Draws a chart into `element` once mounted (client only) and keeps it in step: new columns
 * update the data, new options (series labels, say) rebuild the chart.
 */
export function useLineChart(element: Ref<HTMLElement | undefined>, options: () => LineChartOptions, columns: () => ChartColumns): void {
  let chart: LineChart | undefined;
  let drawnOptions = '';
  let mounted = false;
  let pending = Promise.resolve();

  const draw = async (): Promise<void> => {
    const target = element.value;
    if (!mounted || target === undefined) return;
    const nextOptions = options();
    const key = JSON.stringify(nextOptions);
    if (chart !== undefined && key === drawnOptions) {
      chart.update(columns());
      return;
    }
    chart?.destroy();
    drawnOptions = key;
    chart = await createLineChart(target, nextOptions, columns());
  };
  const schedule = (): void => {
    pending = pending.then(draw);
  };

  onMounted(() => {
    mounted = true;
    schedule();
  });
  watch([options, columns], schedule);
  onBeforeUnmount(() => {
    mounted = false;
    chart?.destroy();
    chart = undefined;
  });
}

/**
 * One Chart.js chart (https://www.chartjs.org — canvas, tree-shaken: only the controllers and
 * scales registered below reach the bundle) bound to a Solid accessor: created on mount,
 * updated in place when the configuration changes (new filters, another language), destroyed
 * with the component. Where the platform has no 2D canvas (jsdom in unit tests) nothing is drawn;
 * every chart's figures are also in the table beside it, which is what tests and screen readers read.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  type ChartType,
  Filler,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import { type Accessor, createEffect, on, onCleanup, onMount } from 'solid-js';

Chart.register(BarController, BarElement, CategoryScale, Filler, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip);

export default function FlowChart<T extends ChartType>(props: {
  readonly config: Accessor<ChartConfiguration<T>>;
  /** What the chart shows, for assistive technology (the table beside it has the figures). */
  readonly label: string;
  readonly height?: number;
}) {
  let canvas: HTMLCanvasElement | undefined;
  let chart: Chart<T> | undefined;

  onMount(() => {
    if (!canvas || canvas.getContext('2d') === null) return;
    chart = new Chart(canvas, props.config());
    onCleanup(() => chart?.destroy());
  });

  createEffect(
    on(props.config, (config) => {
      if (!chart) return;
      chart.data = config.data;
      if (config.options) chart.options = config.options;
      chart.update();
    }, { defer: true }),
  );

  return (
    <div class="flow-chart" style={{ height: `${props.height ?? 260}px` }}>
      <canvas ref={canvas} role="img" aria-label={props.label} />
    </div>
  );
}

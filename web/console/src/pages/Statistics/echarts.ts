/**
 * The parts of Apache ECharts the statistics page draws with, registered once.
 * Imported only by Chart's dynamic import, so ECharts is a chunk of its own
 * that loads after the page: the figures' tables show without waiting for it.
 */
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type { EChartsCoreOption } from 'echarts/core';
export { echarts };

import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';

/** ECharts' chunk, asked for once however many charts a page draws. */
let loading: Promise<typeof import('./echarts')> | undefined;
const loadECharts = () => (loading ??= import('./echarts'));

/**
 * One ECharts chart, drawn once ECharts has loaded (its own chunk) and redrawn
 * when its option or its width changes. To a screen reader it is one image
 * described by `description`; the table beside it has the figures.
 */
export function Chart(props: { option: EChartsCoreOption; description: string; height?: number }) {
  const { option, description, height = 260 } = props;
  const element = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let disposed = false;
    let cleanup = () => {};
    loadECharts()
      .then(({ echarts }) => {
        const target = element.current;
        if (disposed || !target) return;
        const chart = echarts.init(target, undefined, { renderer: 'svg', locale: 'ZH' });
        chart.setOption(option);
        const observer = new ResizeObserver(() => chart.resize());
        observer.observe(target);
        cleanup = () => {
          observer.disconnect();
          chart.dispose();
        };
      })
      .catch(() => {
        if (!disposed) setFailed(true);
      });
    return () => {
      disposed = true;
      cleanup();
    };
  }, [option]);
  return (
    <div ref={element} className="statistics-chart" role="img" aria-label={description} style={{ width: '100%', height }}>
      {failed ? '图表未能加载，请查看右侧（下方）表格。' : null}
    </div>
  );
}

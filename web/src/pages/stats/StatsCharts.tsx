import { ProCard } from '@ant-design/pro-components';
import { Empty } from 'antd';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/lib/core';
import type { ResponseOf } from '../../api/types';
import { useT } from '../../i18n';

echarts.use([PieChart, BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export type Stats = ResponseOf<'/api/v1/stats/cases'>;

const HEIGHT = 280;

function Chart({ option, testId }: { option: echarts.EChartsCoreOption; testId: string }) {
  return (
    <div data-testid={testId}>
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: HEIGHT }} />
    </div>
  );
}

/**
 * A ring of shares; with nothing to share it says so (ECharts would draw equal slices of
 * nothing). `compact` labels the slices with their counts only, for a narrow card whose
 * names the legend already gives (ECharts cut them to "网格...").
 */
function Pie({ data, testId, empty, compact = false }: { data: { name: string; value: number }[]; testId: string; empty: string; compact?: boolean }) {
  if (data.every((d) => d.value === 0)) {
    return (
      <div data-testid={testId} style={{ height: HEIGHT, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />
      </div>
    );
  }
  const option: echarts.EChartsCoreOption = {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, type: 'scroll' },
    // Empty slices stay in the legend but get no label: several zeros stacked at the ring's top read as noise.
    series: [{ type: 'pie', radius: ['38%', '66%'], center: ['50%', '44%'], label: { formatter: compact ? '{c}' : '{b}\n{c}' }, data: data.map((d) => (d.value === 0 ? { ...d, label: { show: false }, labelLine: { show: false } } : d)) }],
  };
  return <Chart testId={testId} option={option} />;
}

/**
 * The four charts of the page: channels, categories, the trend of received and
 * closed cases, and closures in the grid against those solved above it.
 */
export function StatsCharts({ stats, label }: { stats: Stats; label: { channel: (c: string) => string; category: (c: string) => string; tier: (c: string) => string } }) {
  const t = useT();
  const categories = [...stats.byCategory].reverse();
  const monthly = stats.period.granularity === 'month';
  return (
    <ProCard gutter={[16, 16]} wrap ghost>
      <ProCard colSpan={{ xs: 24, lg: 12 }} title={t('stats.byChannel')} bordered>
        <Pie testId="stats-chart-channel" empty={t('stats.channelEmpty')} data={stats.byChannel.map((r) => ({ name: label.channel(r.code), value: r.counts.received }))} />
      </ProCard>
      <ProCard colSpan={{ xs: 24, lg: 12 }} title={t('stats.byCategory')} bordered>
        <Chart
          testId="stats-chart-category"
          option={{
            tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
            legend: { bottom: 0 },
            grid: { left: 8, right: 24, top: 8, bottom: 32, containLabel: true },
            xAxis: { type: 'value', minInterval: 1 },
            yAxis: { type: 'category', data: categories.map((r) => label.category(r.code)) },
            series: [
              { name: t('stats.series.received'), type: 'bar', data: categories.map((r) => r.counts.received) },
              { name: t('stats.series.closed'), type: 'bar', data: categories.map((r) => r.counts.closed) },
            ],
          }}
        />
      </ProCard>
      <ProCard colSpan={{ xs: 24, lg: 16 }} title={t('stats.trend')} bordered>
        <Chart
          testId="stats-chart-trend"
          option={{
            tooltip: { trigger: 'axis' },
            legend: { bottom: 0 },
            grid: { left: 8, right: 24, top: 16, bottom: 32, containLabel: true },
            xAxis: { type: 'category', data: stats.series.map((p) => (monthly ? p.period.slice(0, 7) : p.period.slice(5))) },
            yAxis: { type: 'value', minInterval: 1 },
            series: [
              { name: t('stats.series.received'), type: 'line', smooth: true, data: stats.series.map((p) => p.counts.received) },
              { name: t('stats.series.closed'), type: 'line', smooth: true, data: stats.series.map((p) => p.counts.closed) },
            ],
          }}
        />
      </ProCard>
      <ProCard colSpan={{ xs: 24, lg: 8 }} title={t('stats.inGridVsEscalated')} bordered>
        <Pie
          testId="stats-chart-ingrid"
          empty={t('stats.inGridEmpty')}
          compact
          data={[
            { name: t('stats.inGrid'), value: stats.counts.closedInGrid },
            // Solved above the community: joint cases coordinated by the street, tough ones supervised by the district.
            ...stats.byTier.filter((r) => r.code !== 'routine').map((r) => ({ name: label.tier(r.code), value: r.counts.closed })),
          ]}
        />
      </ProCard>
    </ProCard>
  );
}

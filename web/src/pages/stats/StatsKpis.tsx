import { InfoCircleOutlined } from '@ant-design/icons';
import { ProCard, StatisticCard } from '@ant-design/pro-components';
import { Tooltip, Typography } from 'antd';
import { useT } from '../../i18n';
import type { Stats } from './StatsCharts';

export interface Definition {
  name: string;
  text: string;
}

export const percent = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`);

/** A figure's name with its exact definition (the server's words, as in docs/statistics.md) on hover. */
export function Defined({ def, testId }: { def: Definition | undefined; testId: string }) {
  if (!def) return null;
  return (
    <span>
      {def.name}{' '}
      <Tooltip title={def.text} overlayStyle={{ maxWidth: 420 }}>
        <InfoCircleOutlined data-testid={`${testId}-info`} style={{ color: 'rgba(0,0,0,0.45)' }} />
      </Tooltip>
    </span>
  );
}

type Rate = Stats['rates']['responseRate'];

/** The headline figures: counts and the four rates, each with its numerator and denominator. */
export function StatsKpis({ stats, defs }: { stats: Stats; defs: Record<string, Definition> }) {
  const t = useT();
  const card = (key: string, value: string | number, testId: string, footer?: string) => (
    <StatisticCard
      key={testId}
      colSpan={{ xs: 12, md: 6, xl: 3 }}
      statistic={{
        title: <Defined def={defs[key]} testId={testId} />,
        value,
        valueRender: () => <span data-testid={testId}>{value}</span>,
        description: footer ? <Typography.Text type="secondary" data-testid={`${testId}-of`}>{footer}</Typography.Text> : undefined,
      }}
    />
  );
  const rate = (key: string, r: Rate, testId: string) =>
    card(key, percent(r.value), testId, t('stats.ofTotal', { numerator: r.numerator, denominator: r.denominator }));
  const { counts, rates } = stats;
  return (
    <ProCard gutter={[8, 8]} wrap ghost>
      {card('received', counts.received, 'stats-kpi-received')}
      {card('accepted', counts.accepted, 'stats-kpi-accepted')}
      {rate('responseRate', rates.responseRate, 'stats-kpi-responseRate')}
      {rate('solveRate', rates.solveRate, 'stats-kpi-solveRate')}
      {rate('satisfactionRate', rates.satisfactionRate, 'stats-kpi-satisfactionRate')}
      {rate('inGridShare', rates.inGridShare, 'stats-kpi-inGridShare')}
      {card('overdue', counts.overdue, 'stats-kpi-overdue', `${percent(rates.overdueRate.value)}`)}
      {card('averageClose', rates.averageCloseHours === null ? '—' : rates.averageCloseHours.toFixed(1), 'stats-kpi-averageClose', t('stats.hours'))}
    </ProCard>
  );
}

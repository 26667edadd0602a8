import { PageContainer, ProCard, type ProColumns } from '@ant-design/pro-components';
import { Breadcrumb, DatePicker, Empty, Space, Spin, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, call } from '../../api/client';
import { DownloadButton } from '../../components/DownloadButton';
import { useReportError } from '../../components/errors';
import { LevelTag, TerritorySelect } from '../../components/territory';
import { useI18n, type MessageKey } from '../../i18n';
import { StatsCharts, type Stats } from './StatsCharts';
import { Defined, percent, StatsKpis, type Definition } from './StatsKpis';
import { ListTable } from '../../components/ListTable';

type Child = Stats['children'][number];
const DAY = 'YYYY-MM-DD';
const STATS_LEVELS = ['city', 'district', 'street', 'community'];
/** Periods are Beijing days, wherever the browser is. */
const beijingToday = () => dayjs(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10));

function presets(t: (key: MessageKey) => string): { label: string; value: [Dayjs, Dayjs] }[] {
  const today = beijingToday();
  const quarterStart = today.month(Math.floor(today.month() / 3) * 3).startOf('month');
  return [
    { label: t('stats.period.thisMonth'), value: [today.startOf('month'), today] },
    { label: t('stats.period.lastMonth'), value: [today.subtract(1, 'month').startOf('month'), today.subtract(1, 'month').endOf('month')] },
    { label: t('stats.period.last30'), value: [today.subtract(29, 'day'), today] },
    { label: t('stats.period.thisQuarter'), value: [quarterStart, today] },
    { label: t('stats.period.thisYear'), value: [today.startOf('year'), today] },
    { label: t('stats.period.last12'), value: [today.subtract(11, 'month').startOf('month'), today] },
  ];
}

/** 数据统计: the cases of a territory node over a period — rates, charts, and the areas below to drill into. */
export default function StatsPage() {
  const { t, language } = useI18n();
  const report = useReportError();
  const [params, setParams] = useSearchParams();
  const [stats, setStats] = useState<Stats | null>(null);
  const [loading, setLoading] = useState(false);
  const [defs, setDefs] = useState<Record<string, Definition>>({});
  const [categories, setCategories] = useState<Record<string, string>>({});
  const [roots, setRoots] = useState<number[]>([]);

  const territoryId = params.get('territoryId') ? Number(params.get('territoryId')) : undefined;
  const from = params.get('from') ?? beijingToday().startOf('month').format(DAY);
  const to = params.get('to') ?? beijingToday().format(DAY);
  const query = useMemo(() => ({ ...(territoryId ? { territoryId } : {}), from, to }), [territoryId, from, to]);
  const go = useCallback(
    (next: { territoryId?: number; from?: string; to?: string }) => {
      const merged = { ...query, ...next };
      setParams(Object.fromEntries(Object.entries(merged).map(([k, v]) => [k, String(v)])));
    },
    [query, setParams],
  );

  useEffect(() => {
    let live = true;
    setLoading(true);
    call(api.GET('/api/v1/stats/cases', { params: { query } }))
      .then((s) => live && setStats(s))
      .catch((error) => live && report(error))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [query, report]);

  useEffect(() => {
    call(api.GET('/api/v1/stats/cases/definitions'))
      .then((list) => setDefs(Object.fromEntries(list.map((d) => [d.key, language === 'en-US' ? { name: d.nameEn, text: d.textEn } : { name: d.name, text: d.text }]))))
      .catch(report);
  }, [language, report]);

  useEffect(() => {
    call(api.GET('/api/v1/dicts/{type}/items', { params: { path: { type: 'case_category' }, query: { includeDisabled: true } } }))
      .then((page) => setCategories(Object.fromEntries(page.data.map((c) => [c.code, language === 'en-US' ? c.labelEn ?? c.label : c.label]))))
      .catch(report);
    call(api.GET('/api/v1/territory/roots')).then((list) => setRoots(list.map((r) => r.id))).catch(report);
  }, [language, report]);

  // Channel, tier and status words are the case console's own (messages/cases.ts).
  const word = (prefix: string, code: string) => {
    const key = `${prefix}.${code}` as MessageKey;
    const text = t(key);
    return text === key ? code : text;
  };
  const label = { channel: (c: string) => word('channel', c), tier: (c: string) => word('tier', c), category: (c: string) => categories[c] ?? c };

  const rateColumn = (key: 'responseRate' | 'solveRate' | 'satisfactionRate' | 'inGridShare'): ProColumns<Child> => ({
    title: <Defined def={defs[key]} testId={`stats-col-${key}`} />,
    key,
    align: 'right',
    render: (_, row) => percent(row.rates[key].value),
  });
  const columns: ProColumns<Child>[] = [
    {
      title: t('stats.col.name'),
      dataIndex: 'name',
      render: (_, row) => (
        <Space>
          <LevelTag level={row.level} />
          <Typography.Link data-testid={`stats-child-${row.id}`} onClick={() => go({ territoryId: row.id })}>
            {row.name}
          </Typography.Link>
        </Space>
      ),
    },
    { title: defs.received?.name, key: 'received', align: 'right', render: (_, row) => <span data-testid={`stats-child-${row.id}-received`}>{row.counts.received}</span> },
    { title: defs.accepted?.name, key: 'accepted', align: 'right', render: (_, row) => row.counts.accepted },
    rateColumn('responseRate'),
    rateColumn('solveRate'),
    rateColumn('satisfactionRate'),
    rateColumn('inGridShare'),
    { title: defs.overdue?.name, key: 'overdue', align: 'right', render: (_, row) => row.counts.overdue },
    { title: `${defs.averageClose?.name ?? ''}（${t('stats.hours')}）`, key: 'averageClose', align: 'right', render: (_, row) => row.rates.averageCloseHours?.toFixed(1) ?? '—' },
  ];

  // The breadcrumb climbs only as far as the top of my scope: above it is not mine to see.
  const trail = stats ? [...stats.territory.ancestors, { id: stats.territory.id, name: stats.territory.name, level: stats.territory.level }] : [];
  const firstMine = Math.max(0, trail.findIndex((n) => roots.includes(n.id)));

  return (
    <PageContainer
      title={t('stats.title')}
      extra={
        <Space wrap>
          <TerritorySelect
            data-testid="stats-territory"
            style={{ width: 280 }}
            levels={STATS_LEVELS}
            allowClear={false}
            placeholder={t('stats.territory')}
            value={stats?.territory.id ?? null}
            initialOption={stats ? { value: stats.territory.id, label: stats.territory.name } : null}
            onChange={(id) => id && go({ territoryId: id })}
          />
          <DatePicker.RangePicker
            data-testid="stats-period"
            allowClear={false}
            value={[dayjs(from), dayjs(to)]}
            presets={presets(t)}
            onChange={(range) => range?.[0] && range[1] && go({ from: range[0].format(DAY), to: range[1].format(DAY) })}
          />
          <DownloadButton data-testid="stats-export" request={() => api.GET('/api/v1/stats/cases/export', { params: { query }, parseAs: 'blob' })} fileName="stats.xlsx" />
        </Space>
      }
    >
      <Spin spinning={loading}>
        {stats && (
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Space wrap>
              <Breadcrumb
                data-testid="stats-breadcrumb"
                items={trail.map((n, i) => ({
                  title: i >= firstMine && n.id !== stats.territory.id ? <a onClick={() => go({ territoryId: n.id })}>{n.name}</a> : n.name,
                }))}
              />
              <Typography.Text type="secondary">
                <Defined def={defs.period ? { name: `${stats.period.from} ~ ${stats.period.to}`, text: defs.period.text } : undefined} testId="stats-period-hint" />
              </Typography.Text>
            </Space>
            <StatsKpis stats={stats} defs={defs} />
            {stats.counts.received === 0 ? <Empty description={t('stats.empty')} /> : <StatsCharts stats={stats} label={label} />}
            <ProCard gutter={[16, 16]} wrap ghost>
              <ProCard colSpan={{ xs: 24, lg: 12 }} bordered title={t('stats.byStatus')}>
                <Space direction="vertical">
                  <Space wrap data-testid="stats-by-status">
                    <Typography.Text type="secondary">{t('stats.statusRow')}</Typography.Text>
                    {stats.byStatus.map((r) => (
                      <Tag key={r.code}>
                        {word('status', r.code)} {r.counts.received}
                      </Tag>
                    ))}
                  </Space>
                  <Space wrap data-testid="stats-by-tier">
                    <Typography.Text type="secondary">{t('stats.tierRow')}</Typography.Text>
                    {stats.byTier.map((r) => (
                      <Tag key={r.code} color="blue">
                        {label.tier(r.code)} {r.counts.received}
                      </Tag>
                    ))}
                  </Space>
                </Space>
              </ProCard>
              <ProCard colSpan={{ xs: 24, lg: 12 }} bordered title={<Defined def={defs.now} testId="stats-now" />}>
                <Typography.Paragraph data-testid="stats-now-total">{t('stats.nowTotal', { total: stats.now.total, overdue: stats.now.overdueNow })}</Typography.Paragraph>
                <Space wrap>
                  {stats.now.byStatus.map((r) => (
                    <Tag key={r.status} color={r.overdueNow > 0 ? 'red' : undefined}>
                      {word('status', r.status)} {r.cases}
                    </Tag>
                  ))}
                </Space>
              </ProCard>
            </ProCard>
            <ListTable<Child>
              rowKey="id"
              headerTitle={t('stats.children')}
              tooltip={t('stats.childrenHint')}
              data-testid="stats-children"
              search={false}
              options={false}
              pagination={false}
              columns={columns}
              dataSource={stats.children}
              locale={{ emptyText: t('stats.noChildren') }}
              onRow={(row) => ({ onClick: () => go({ territoryId: row.id }), style: { cursor: 'pointer' } })}
            />
          </Space>
        )}
      </Spin>
    </PageContainer>
  );
}

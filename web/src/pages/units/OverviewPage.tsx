import { PageContainer, StatisticCard } from '@ant-design/pro-components';
import { Alert, InputNumber, Space, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, call } from '../../api/client';
import { DownloadButton } from '../../components/DownloadButton';
import type { ResponseOf } from '../../api/types';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';

type Overview = ResponseOf<'/api/v1/units/overview'>;
type Child = Overview['children'][number];

/** The figures shown, in order; their words are `unitsOverview.f.<key>`. */
const FIGURES = ['units_confirmed', 'unit_party_orgs', 'members_confirmed', 'grids_covered', 'buildings_covered', 'units_active', 'members_active', 'services', 'service_minutes', 'resources_active', 'bookings_confirmed', 'demands_open', 'demands_claimed', 'demands_met'] as const;

/** 共建概况: units and members registered and active, coverage, resources and demands, for my area and the areas below. */
export default function UnitsOverviewPage() {
  const t = useT();
  const report = useReportError();
  const [trail, setTrail] = useState<{ id?: number; name: string }[]>([{ name: '' }]);
  const [year, setYear] = useState(new Date().getFullYear());
  const [data, setData] = useState<Overview | null>(null);
  const nodeId = trail.at(-1)!.id;
  const query = { ...(nodeId ? { nodeId } : {}), year };

  const load = useCallback(async () => {
    try {
      setData(await call(api.GET('/api/v1/units/overview', { params: { query: { ...(nodeId ? { nodeId } : {}), year } } })));
    } catch (error) {
      report(error);
    }
  }, [nodeId, year, report]);
  useEffect(() => {
    void load();
  }, [load]);

  if (!data) return null;
  const f = data.node.figures;
  return (
    <PageContainer
      title={t('unitsOverview.title')}
      subTitle={data.node.name}
      onBack={trail.length > 1 ? () => setTrail(trail.slice(0, -1)) : undefined}
      extra={[
        <InputNumber key="year" min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />,
        <DownloadButton key="export" data-testid="units-overview-export" request={() => api.GET('/api/v1/units/overview/export', { params: { query }, parseAs: 'blob' })} fileName="units-overview.xlsx">{t('unitsOverview.export')}</DownloadButton>,
      ]}
    >
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <Alert type="info" showIcon message={<span data-testid="units-overview-summary">{data.summary}</span>} />
        <StatisticCard.Group direction="row">
          {FIGURES.slice(0, 5).map((key) => (
            <StatisticCard key={key} statistic={{ title: t(`unitsOverview.f.${key}`), value: f[key] ?? 0 }} />
          ))}
        </StatisticCard.Group>
        <Table<Child>
          size="small"
          rowKey="id"
          pagination={false}
          scroll={{ x: true }}
          dataSource={data.children}
          columns={[
            {
              title: t('unitsOverview.area'),
              dataIndex: 'name',
              fixed: 'left',
              render: (name: string, c) => (c.level === 'community' ? name : <a onClick={() => setTrail([...trail, { id: c.id, name }])}>{name}</a>),
            },
            ...FIGURES.map((key) => ({ title: t(`unitsOverview.f.${key}`), key, align: 'right' as const, render: (_: unknown, c: Child) => c.figures[key] ?? 0 })),
          ]}
        />
      </Space>
    </PageContainer>
  );
}

import { PageContainer, ProCard, StatisticCard } from '@ant-design/pro-components';
import { DatePicker, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api, call } from '../../api/client';
import { DownloadButton } from '../../components/DownloadButton';
import type { ResponseOf } from '../../api/types';
import { useReportError } from '../../components/errors';
import { TerritorySelect } from '../../components/territory';
import { useT } from '../../i18n';
import { PROJECT_STATES, useLabel, yuan } from './labels';

type Overview = ResponseOf<'/api/v1/projects/overview'>;

/** 项目与资金概览: projects by stage and funds in/out per community of my area, for a period. */
export default function ProjectOverviewPage() {
  const t = useT();
  const label = useLabel();
  const report = useReportError();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs().endOf('year')]);
  const [territoryId, setTerritoryId] = useState<number | null>(null);
  const [data, setData] = useState<Overview | null>(null);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const query = { from, to, territoryId: territoryId ?? undefined };

  const load = useCallback(async () => {
    try {
      setData(await call(api.GET('/api/v1/projects/overview', { params: { query: { from, to, territoryId: territoryId ?? undefined } } })));
    } catch (e) {
      report(e);
    }
  }, [from, to, territoryId, report]);
  useEffect(() => void load(), [load]);

  return (
    <PageContainer
      title={t('projectOverview.title')}
      extra={[
        <TerritorySelect key="territory" levels={['district', 'street', 'community']} value={territoryId} onChange={(v) => setTerritoryId(v)} style={{ width: 240 }} />,
        <DatePicker.RangePicker key="range" value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />,
        <DownloadButton key="export" request={() => api.GET('/api/v1/projects/overview/export', { params: { query }, parseAs: 'blob' })} fileName="overview.xlsx" />,
      ]}
    >
      {data ? (
        <>
          <ProCard>
            <StatisticCard.Group>
              {PROJECT_STATES.map((s) => (
                <StatisticCard key={s} statistic={{ title: label('project.status.', s), value: data.stages[s] }} />
              ))}
            </StatisticCard.Group>
            <StatisticCard.Group style={{ marginTop: 8 }}>
              <StatisticCard statistic={{ title: t('projectOverview.allocated'), value: yuan(data.allocated) }} />
              <StatisticCard statistic={{ title: t('projectOverview.donated'), value: yuan(data.donated) }} />
              <StatisticCard statistic={{ title: t('projectOverview.spent'), value: yuan(data.spent) }} />
            </StatisticCard.Group>
          </ProCard>
          <ProCard style={{ marginTop: 16 }}>
            <Table
              size="small"
              rowKey="communityId"
              dataSource={data.communities}
              pagination={{ pageSize: 20 }}
              columns={[
                { title: t('project.community'), dataIndex: 'communityName' },
                ...PROJECT_STATES.map((s) => ({ title: label('project.status.', s), key: s, render: (_: unknown, c: Overview['communities'][number]) => c.stages[s] })),
                { title: t('projectOverview.allocated'), dataIndex: 'allocated', align: 'right' as const, render: (v: number) => yuan(v) },
                { title: t('projectOverview.donated'), dataIndex: 'donated', align: 'right' as const, render: (v: number) => yuan(v) },
                { title: t('projectOverview.spent'), dataIndex: 'spent', align: 'right' as const, render: (v: number) => yuan(v) },
              ]}
            />
          </ProCard>
        </>
      ) : null}
    </PageContainer>
  );
}

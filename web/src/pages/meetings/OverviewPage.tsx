import { PageContainer, ProCard } from '@ant-design/pro-components';
import { DatePicker, Space, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api, call } from '../../api/client';
import { DownloadButton } from '../../components/DownloadButton';
import type { ResponseOf } from '../../api/types';
import { useReportError } from '../../components/errors';
import { TerritorySelect } from '../../components/territory';
import { useT } from '../../i18n';

type Overview = ResponseOf<'/api/v1/meetings/overview'>;

/** 议事概况: meetings held, topics decided, resolutions passed, tasks done and overdue by territory and period; Excel. */
export default function OverviewPage() {
  const t = useT();
  const report = useReportError();
  const [nodeId, setNodeId] = useState<number | null>(null);
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('month'), dayjs()]);
  const [data, setData] = useState<Overview | null>(null);
  const query = useCallback(() => ({ ...(nodeId ? { nodeId } : {}), from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') }), [nodeId, range]);
  useEffect(() => {
    call(api.GET('/api/v1/meetings/overview', { params: { query: query() } })).then(setData, report);
  }, [query, report]);
  const rows = data ? [...data.rows, { ...data.total, name: `${t('meetings.overview.total')}（${data.name}）` }] : [];
  return (
    <PageContainer title={t('meetings.overview')}>
      <ProCard>
        <Space wrap style={{ marginBottom: 16 }}>
          <TerritorySelect levels={['city', 'district', 'street', 'community']} value={nodeId} onChange={setNodeId} style={{ width: 280 }} />
          <DatePicker.RangePicker value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
          <DownloadButton request={() => api.GET('/api/v1/meetings/overview/export', { params: { query: query() }, parseAs: 'blob' })} fileName="overview.xlsx" />
        </Space>
        <Table
          size="small"
          rowKey={(r) => `${r.nodeId}-${r.name}`}
          pagination={false}
          dataSource={rows}
          columns={[
            { title: t('meetings.overview.area'), dataIndex: 'name' },
            { title: t('meetings.overview.meetingsHeld'), dataIndex: 'meetingsHeld', align: 'right' },
            { title: t('meetings.overview.topicsDecided'), dataIndex: 'topicsDecided', align: 'right' },
            { title: t('meetings.overview.resolutionsPassed'), dataIndex: 'resolutionsPassed', align: 'right' },
            { title: t('meetings.overview.tasksDone'), dataIndex: 'tasksDone', align: 'right' },
            { title: t('meetings.overview.tasksOverdue'), dataIndex: 'tasksOverdue', align: 'right' },
          ]}
        />
      </ProCard>
    </PageContainer>
  );
}

import { PageContainer, ProCard } from '@ant-design/pro-components';
import { Button, DatePicker, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api, call } from '../../api/client';
import { DownloadButton } from '../../components/DownloadButton';
import type { ResponseOf } from '../../api/types';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import { LEVELS, STEPS, useLabel } from './labels';

type Overview = ResponseOf<'/api/v1/consultations/overview'>;
type Row = Overview['children'][number];

/** 协商调解概况: items per step and level, overdue tasks, mediations and their success rate, by area and period; Excel. */
export default function OverviewPage() {
  const t = useT();
  const label = useLabel();
  const report = useReportError();
  const [nodeId, setNodeId] = useState<number | undefined>(undefined);
  const [period, setPeriod] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [data, setData] = useState<Overview | null>(null);
  const query = { nodeId, from: period?.[0]?.format('YYYY-MM-DD'), to: period?.[1]?.format('YYYY-MM-DD') };
  const key = JSON.stringify(query);
  useEffect(() => {
    call(api.GET('/api/v1/consultations/overview', { params: { query: JSON.parse(key) as typeof query } })).then(setData, report);
  }, [key, report]);

  const rows: Row[] = data ? [...data.children, { ...data.total, name: `${t('consultation.total')}（${data.node.name}）` }] : [];
  return (
    <PageContainer
      title={t('menu.consultationOverview')}
      extra={[
        <DatePicker.RangePicker key="period" value={period} onChange={(v) => setPeriod(v)} />,
        nodeId ? <Button key="up" onClick={() => setNodeId(undefined)}>↑</Button> : null,
        <DownloadButton key="export" request={() => api.GET('/api/v1/consultations/overview/export', { params: { query }, parseAs: 'blob' })} fileName="consultations.xlsx" />,
      ]}
    >
      <ProCard>
        <Table<Row>
          size="small"
          rowKey={(r) => `${r.nodeId}-${r.name}`}
          pagination={false}
          dataSource={rows}
          scroll={{ x: 1200 }}
          columns={[
            { title: t('consultation.area'), dataIndex: 'name', fixed: 'left', render: (v: string, r) => (data && r.nodeId !== data.node.id ? <a onClick={() => setNodeId(r.nodeId)}>{v}</a> : v) },
            { title: t('consultation.count'), dataIndex: 'consultations' },
            ...STEPS.map((s) => ({ title: label('consultation.step.', s), key: s, render: (_: unknown, r: Row) => r.byStatus[s] ?? 0 })),
            ...LEVELS.map((l) => ({ title: label('consultation.level.', l), key: l, render: (_: unknown, r: Row) => r.byLevel[l] ?? 0 })),
            { title: t('consultation.overdueTasks'), dataIndex: 'overdueTasks' },
            { title: t('consultation.mediations'), dataIndex: 'mediations' },
            { title: t('consultation.succeeded'), dataIndex: 'mediationsSucceeded' },
            { title: t('consultation.successRate'), key: 'rate', render: (_: unknown, r: Row) => <Space>{r.successRate === null ? '—' : `${(r.successRate * 100).toFixed(1)}%`}</Space> },
          ]}
        />
      </ProCard>
    </PageContainer>
  );
}

import { PageContainer, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Image, Space, Tag, Typography } from 'antd';
import { useRef } from 'react';
import { Link } from 'react-router-dom';
import { api, call } from '../../api/client';
import { DownloadButton } from '../../components/DownloadButton';
import type { QueryOf } from '../../api/types';
import { useSession } from '../../auth/session';
import { TerritorySelect } from '../../components/territory';
import { useT } from '../../i18n';

import { LogVisitModal, ToCaseModal, type VisitRow } from './VisitForms';
import { formatTime } from '../../time';
import { ListTable } from '../../components/ListTable';

/** 走访记录: visits in my area (or mine), each raised problem one click from becoming a case. */
export default function VisitsPage() {
  const t = useT();
  const { can } = useSession();
  const action = useRef<ActionType>(null);
  // The filters of the list as last loaded: the export takes the same ones.
  const filters = useRef<QueryOf<'/api/v1/visits'>>({});
  const reload = () => void action.current?.reload();
  const columns: ProColumns<VisitRow>[] = [
    { title: t('visits.when'), dataIndex: 'visitedAt', search: false, width: 140, render: (_, v) => formatTime(v.visitedAt) },
    { title: t('visits.community'), dataIndex: 'communityName', search: false, width: 110 },
    { title: t('visits.community'), dataIndex: 'communityId', hideInTable: true, renderFormItem: () => <TerritorySelect levels={['community']} /> },
    {
      title: t('visits.whom'),
      dataIndex: 'whomKind',
      search: false,
      width: 170,
      render: (_, v) => v.place + (v.personName ? ` · ${v.personName}` : ''),
    },
    { title: t('visits.visitor'), dataIndex: 'visitorName', search: false, width: 130 },
    { title: t('visits.summary'), dataIndex: 'summary', search: false },
    { title: t('visits.problem'), dataIndex: 'problem', search: false, render: (_, v) => v.problem ?? '—' },
    {
      title: t('visits.case'),
      dataIndex: 'caseId',
      search: false,
      width: 170,
      render: (_, v) =>
        v.caseId ? (
          <Space size={4}>
            <Link to={`/cases/${v.caseId}`} data-testid="visit-case-link">{v.caseTrackingNo}</Link>
            <Tag>{v.caseStatusName}</Tag>
          </Space>
        ) : v.problem && can('case:create') ? (
          <ToCaseModal visit={v} onDone={reload} />
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: '',
      dataIndex: 'photos',
      search: false,
      width: 80,
      render: (_, v) => (v.photos.length ? <Image.PreviewGroup>{v.photos.map((p) => <Image key={p.id} width={32} src={p.thumbnailUrl} preview={{ src: p.url }} />)}</Image.PreviewGroup> : null),
    },
    { title: t('visits.mine'), dataIndex: 'mine', valueType: 'switch', hideInTable: true },
    { title: t('visits.withProblem'), dataIndex: 'withProblem', valueType: 'switch', hideInTable: true },
    { title: t('committees.round.month'), dataIndex: 'month', valueType: 'dateMonth', hideInTable: true },
  ];
  return (
    <PageContainer title={t('visits.title')}>
      <ListTable<VisitRow>
        rowKey="id"
        actionRef={action}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        // Wide enough to read on a desktop without scrolling; a phone scrolls it sideways.
        scroll={{ x: 1000 }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: false, reload: true }}
        toolBarRender={() => [
          <DownloadButton key="export" data-testid="visits-export" request={() => api.GET('/api/v1/visits/export', { params: { query: filters.current }, parseAs: 'blob' })} fileName="visits.xlsx" />,
          ...(can('visit:write') ? [<LogVisitModal key="log" onDone={reload} />] : []),
        ]}
        request={async (params) => {
          const query = {
            current: params.current,
            pageSize: params.pageSize,
            ...(params.mine ? { mine: true } : {}),
            ...(params.withProblem ? { withProblem: true } : {}),
            ...(params.month ? { month: String(params.month).slice(0, 7) } : {}),
            ...(params.communityId ? { communityId: Number(params.communityId) } : {}),
          };
          filters.current = { ...query, current: undefined, pageSize: undefined };
          const page = await call(api.GET('/api/v1/visits', { params: { query } }));
          return { data: page.data, total: page.total, success: true };
        }}
      />
    </PageContainer>
  );
}

import { PageContainer, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Button, Tag } from 'antd';
import { useRef } from 'react';
import { Link } from 'react-router-dom';
import { api, call } from '../../api/client';
import { DownloadButton } from '../../components/DownloadButton';
import type { QueryOf, RowOf } from '../../api/types';
import { useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import { ListTable } from '../../components/ListTable';

type Row = RowOf<'/api/v1/meetings/tasks'>;

/** 决议落实: the tasks and projects passed resolutions created, with owners, deadlines and overdue flags. */
export default function TasksPage() {
  const t = useT();
  const report = useReportError();
  const { me, can } = useSession();
  const ref = useRef<ActionType>(undefined);
  // The filters of the list as last loaded: the export takes the same ones.
  const filters = useRef<QueryOf<'/api/v1/meetings/tasks'>>({});
  const columns: ProColumns<Row>[] = [
    { title: t('meetings.task.title'), dataIndex: 'title', search: false, render: (_, r) => <Link to={`/meetings/${r.meetingId}`}>{r.title}</Link> },
    { title: t('meetings.task.kind'), dataIndex: 'kind', search: false, render: (_, r) => t(`meetings.outcome.${r.kind}`) },
    { title: t('meetings.community'), dataIndex: 'communityName', search: false },
    { title: t('meetings.task.owner'), dataIndex: 'ownerName', search: false },
    { title: t('meetings.task.dueOn'), dataIndex: 'dueOn', search: false },
    { title: t('common.status'), dataIndex: 'status', valueType: 'select', valueEnum: { open: { text: t('meetings.task.open') }, done: { text: t('meetings.task.done') } }, render: (_, r) => <Tag color={r.status === 'done' ? 'green' : 'blue'}>{t(`meetings.task.${r.status}`)}</Tag> },
    { title: t('meetings.task.overdue'), dataIndex: 'overdue', valueType: 'switch', render: (_, r) => (r.overdue ? <Tag color="red">{t('meetings.task.overdue')}</Tag> : '—') },
    {
      title: t('common.actions'),
      search: false,
      render: (_, r) =>
        r.status === 'open' && (can('meeting:write') || r.ownerUserId === me?.id) ? (
          <Button size="small" onClick={() => void call(api.POST('/api/v1/meetings/tasks/{id}/complete', { params: { path: { id: r.id } }, body: { version: r.version } })).then(() => ref.current?.reload()).catch(report)}>{t('meetings.task.complete')}</Button>
        ) : null,
    },
  ];
  return (
    <PageContainer title={t('meetings.tasks')}>
      <ListTable<Row>
        rowKey="id"
        actionRef={ref}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        toolBarRender={() => [
          <DownloadButton key="export" request={() => api.GET('/api/v1/meetings/tasks/export', { params: { query: filters.current }, parseAs: 'blob' })} fileName="tasks.xlsx" />,
        ]}
        request={async (params) => {
          const query = { current: params.current, pageSize: params.pageSize, ...(params.status ? { status: params.status } : {}), ...(params.overdue ? { overdue: true } : {}) };
          filters.current = { ...query, current: undefined, pageSize: undefined };
          const page = await call(api.GET('/api/v1/meetings/tasks', { params: { query } }));
          return { data: page.data, total: page.total, success: true };
        }}
      />
    </PageContainer>
  );
}

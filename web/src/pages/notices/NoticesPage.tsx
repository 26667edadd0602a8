import { PageContainer, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Input, Tag } from 'antd';
import { useRef } from 'react';
import { Link } from 'react-router-dom';
import { api, call } from '../../api/client';
import type { RowOf } from '../../api/types';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import { useLabel, useOptions } from '../selection/labels';
import { formatTime } from '../../time';
import { ListTable } from '../../components/ListTable';

type Notice = RowOf<'/api/v1/notices'>;
const KINDS = ['announcement', 'appointment', 'project', 'consultation', 'result', 'commendation', 'other'];

/** 公示公告: the notices of my communities, their periods and objections; a notice can be withdrawn. */
export default function NoticesPage() {
  const t = useT();
  const label = useLabel();
  const options = useOptions();
  const report = useReportError();
  const { modal, message } = App.useApp();
  const action = useRef<ActionType>(null);

  const withdraw = (n: Notice) => {
    let reason = '';
    modal.confirm({
      title: `${t('notices.withdraw')}：${n.title}`,
      content: <Input.TextArea placeholder={t('notices.withdrawReason')} maxLength={500} onChange={(e) => (reason = e.target.value)} data-testid="withdraw-reason" />,
      onOk: async () => {
        try {
          await call(api.POST('/api/v1/notices/{id}/withdraw', { params: { path: { id: n.id } }, body: { version: n.version, reason: reason.trim() } }));
          message.success(t('selection.done'));
          action.current?.reload();
        } catch (error) {
          report(error);
          throw error;
        }
      },
    });
  };

  const columns: ProColumns<Notice>[] = [
    { title: t('selection.community'), dataIndex: 'communityName', search: false, width: 130 },
    { title: t('notices.kind'), dataIndex: 'kind', valueType: 'select', width: 110, fieldProps: { options: options('notices.kind.', KINDS) }, render: (_, n) => label('notices.kind.', n.kind) },
    {
      title: t('notices.noticeTitle'),
      dataIndex: 'title',
      search: false,
      ellipsis: true,
      render: (_, n) => (n.subjectType === 'selection_round' && n.subjectId ? <Link to={`/selection/rounds/${n.subjectId}`}>{n.title}</Link> : n.title),
    },
    { title: t('common.status'), dataIndex: 'status', valueType: 'select', width: 90, fieldProps: { options: options('notices.status.', ['open', 'closed', 'withdrawn']) }, render: (_, n) => <Tag color={n.status === 'open' ? 'processing' : 'default'}>{label('notices.status.', n.status)}</Tag> },
    { title: t('notices.period'), key: 'period', search: false, width: 280, render: (_, n) => `${formatTime(n.startsAt)} ~ ${n.endsAt ? formatTime(n.endsAt) : '—'}` },
    { title: t('notices.objections'), key: 'objections', search: false, width: 110, render: (_, n) => (n.objectable ? `${n.objections}（${n.pendingObjections}）` : '—') },
    {
      title: t('common.actions'),
      key: 'actions',
      search: false,
      width: 150,
      render: (_, n) => [
        <Button key="b" type="link" size="small" href={`/h5/notice/${n.id}`} target="_blank">{t('selection.boardLink')}</Button>,
        n.status === 'open' && n.subjectType !== 'selection_round' ? <Button key="w" type="link" size="small" danger onClick={() => withdraw(n)}>{t('notices.withdraw')}</Button> : null,
      ],
    },
  ];
  return (
    <PageContainer title={t('notices.title')}>
      <ListTable<Notice>
        rowKey="id"
        actionRef={action}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20 }}
        options={{ density: false, reload: true }}
        request={async (p) => {
          const page = await call(api.GET('/api/v1/notices', { params: { query: { current: p.current, pageSize: p.pageSize, status: p.status || undefined, kind: p.kind || undefined } } }));
          return { data: page.data, total: page.total, success: true };
        }}
      />
    </PageContainer>
  );
}

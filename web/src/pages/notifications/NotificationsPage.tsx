import { PageContainer, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Badge, Button, Typography } from 'antd';
import { useRef } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, call } from '../../api/client';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import { notificationTarget, type NotificationRow } from '../../layout/NotificationBell';
import { pendingChanged } from '../cases/labels';
import { formatTime } from '../../time';
import { ListTable } from '../../components/ListTable';

/** 我的通知: every notification, newest first; opening one marks it read and goes to its case. */
export default function NotificationsPage() {
  const t = useT();
  const navigate = useNavigate();
  const report = useReportError();
  const action = useRef<ActionType>(null);

  const markRead = async (n: NotificationRow) => {
    try {
      await call(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id: n.id } } }));
      pendingChanged();
      action.current?.reload();
    } catch (error) {
      report(error);
    }
  };

  const open = async (n: NotificationRow) => {
    if (!n.read) await markRead(n);
    const target = notificationTarget(n);
    if (target) navigate(target);
  };

  const columns: ProColumns<NotificationRow>[] = [
    {
      title: t('notice.unreadOnly'),
      dataIndex: 'unread',
      valueType: 'select',
      hideInTable: true,
      valueEnum: { true: { text: t('common.yes') } },
    },
    {
      title: t('common.status'),
      dataIndex: 'read',
      search: false,
      width: 90,
      render: (_, n) => (n.read ? <Badge status="default" text={t('notice.read')} /> : <Badge status="error" text={t('notice.unread')} />),
    },
    {
      title: t('notice.content'),
      dataIndex: 'title',
      search: false,
      render: (_, n) => (
        <a onClick={() => void open(n)}>
          <Typography.Text strong={!n.read}>{n.title}</Typography.Text>
          {n.body ? <Typography.Text type="secondary"> — {n.body}</Typography.Text> : null}
        </a>
      ),
    },
    { title: t('notice.time'), dataIndex: 'createdAt', search: false, width: 170, render: (_, n) => formatTime(n.createdAt) },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 110,
      render: (_, n) => (n.read ? null : [<a key="read" onClick={() => void markRead(n)}>{t('notice.markRead')}</a>]),
    },
  ];

  return (
    <PageContainer title={t('notice.pageTitle')}>
      <ListTable<NotificationRow>
        rowKey="id"
        actionRef={action}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: false, setting: false, reload: true }}
        request={async (params) => {
          const unread = params.unread === 'true' || params.unread === true;
          const page = await call(api.GET('/api/v1/notifications', { params: { query: { current: params.current, pageSize: params.pageSize, ...(unread ? { unread } : {}) } } }));
          return { data: page.data, total: page.total, success: true };
        }}
        toolBarRender={() => [
          <Button
            key="all"
            onClick={async () => {
              try {
                await call(api.POST('/api/v1/notifications/read-all'));
                pendingChanged();
                action.current?.reload();
              } catch (error) {
                report(error);
              }
            }}
          >
            {t('notice.readAll')}
          </Button>,
        ]}
      />
    </PageContainer>
  );
}

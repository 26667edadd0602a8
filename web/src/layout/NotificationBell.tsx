import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Space, Tabs, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, call } from '../api/client';
import type { ResponseOf, RowOf } from '../api/types';
import { useReportError } from '../components/errors';
import { useT, type MessageKey } from '../i18n';
import { PATHS } from '../paths';
import { formatTime } from '../time';

type Pending = ResponseOf<'/api/v1/cases/pending-count'>;
export type NotificationRow = RowOf<'/api/v1/notifications'>;

const POLL_MS = 60_000;

const DISPATCHING = ['case:dispatch', 'case:coordinate', 'case:supervise'];

/** Each pending count, the queue that lists it, and the permissions whose holders can have such work. */
export const PENDING: { key: Exclude<keyof Pending, 'total' | 'unreadNotifications'>; label: MessageKey; query: string; permissions: string[] }[] = [
  { key: 'toAccept', label: 'pending.toAccept', query: 'status=submitted', permissions: ['case:accept'] },
  { key: 'toDispatch', label: 'pending.toDispatch', query: 'status=accepted', permissions: DISPATCHING },
  { key: 'toSign', label: 'pending.toSign', query: 'status=dispatched&mine=true', permissions: ['case:handle'] },
  { key: 'toHandle', label: 'pending.toHandle', query: 'status=handling&mine=true', permissions: ['case:handle'] },
  { key: 'toVerify', label: 'pending.toVerify', query: 'status=replied', permissions: ['case:verify'] },
  { key: 'extensionsToDecide', label: 'pending.extensionsToDecide', query: 'extensionPending=true', permissions: DISPATCHING },
];

/** Where a notification leads, by what it is about: the record's page, or the list that holds it. */
const TARGETS: Record<string, (id: string) => string> = {
  case: (id) => `${PATHS.cases}/${id}`,
  meeting: (id) => `${PATHS.meetings}/${id}`,
  meeting_task: () => PATHS.meetingTasks,
  consultation: (id) => `${PATHS.consultations}/${id}`,
  party_member: () => PATHS.partyMembers,
  committee_member: (id) => `${PATHS.committees}/members/${id}`,
};

/** Notifications that lead to a page of their own rather than to the record they name. */
const BY_KIND: Record<string, string> = {
  // The member reminded to visit makes the visit on the visits page.
  'visit.reminder': PATHS.visits,
};

export function notificationTarget(n: NotificationRow): string | null {
  const page = BY_KIND[n.kind];
  if (page) return page;
  const to = n.entityType ? TARGETS[n.entityType] : undefined;
  return to && n.entityId ? to(n.entityId) : null;
}

/**
 * The header bell: my pending work as a badge (polled every minute, and at
 * once after any step on a case) with a panel of the counts and my latest
 * notifications; a click opens what it is about.
 */
export function NotificationBell() {
  const t = useT();
  const navigate = useNavigate();
  const report = useReportError();
  const [pending, setPending] = useState<Pending | null>(null);
  const [items, setItems] = useState<NotificationRow[]>([]);
  const [open, setOpen] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setPending(await call(api.GET('/api/v1/cases/pending-count')));
    } catch {
      /* the badge stays as it was; the next poll retries */
    }
  }, []);

  const loadItems = useCallback(async () => {
    try {
      setItems((await call(api.GET('/api/v1/notifications', { params: { query: { pageSize: 8 } } }))).data);
    } catch (error) {
      report(error);
    }
  }, [report]);

  useEffect(() => {
    void refresh();
    const timer = window.setInterval(() => {
      if (!document.hidden) void refresh();
    }, POLL_MS);
    const onChange = () => void refresh();
    window.addEventListener('gz:pending-changed', onChange);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('gz:pending-changed', onChange);
    };
  }, [refresh]);

  useEffect(() => {
    if (open) void loadItems();
  }, [open, loadItems]);

  const openNotification = async (n: NotificationRow) => {
    setOpen(false);
    if (!n.read) {
      try {
        await call(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id: n.id } } }));
      } catch (error) {
        report(error);
      }
      void refresh();
    }
    const target = notificationTarget(n);
    if (target) navigate(target);
  };

  const readAll = async () => {
    try {
      await call(api.POST('/api/v1/notifications/read-all'));
      await Promise.all([refresh(), loadItems()]);
    } catch (error) {
      report(error);
    }
  };

  const go = (path: string) => {
    setOpen(false);
    navigate(path);
  };

  const pendingRows = PENDING.filter((p) => (pending?.[p.key] ?? 0) > 0);
  const unread = pending?.unreadNotifications ?? 0;
  const panel = (
    <Tabs
      size="small"
      style={{ width: 340 }}
      items={[
        {
          key: 'pending',
          label: `${t('notice.pending')}${pending?.total ? ` (${pending.total})` : ''}`,
          children: pendingRows.length ? (
            <List
              size="small"
              dataSource={pendingRows}
              data-testid="pending-list"
              renderItem={(p) => (
                <List.Item style={{ cursor: 'pointer' }} onClick={() => go(`${PATHS.cases}${p.query ? `?${p.query}` : ''}`)}>
                  <span>{t(p.label)}</span>
                  <Badge count={pending?.[p.key]} color="#c4161c" />
                </List.Item>
              )}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notice.noPending')} />
          ),
        },
        {
          key: 'notices',
          label: `${t('notice.list')}${unread ? ` (${unread})` : ''}`,
          children: (
            <>
              <List
                size="small"
                dataSource={items}
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notice.empty')} /> }}
                data-testid="notification-list"
                renderItem={(n) => (
                  <List.Item style={{ cursor: 'pointer' }} onClick={() => void openNotification(n)}>
                    <List.Item.Meta
                      avatar={n.read ? <Badge status="default" /> : <Badge status="error" />}
                      title={<Typography.Text strong={!n.read}>{n.title}</Typography.Text>}
                      description={<Typography.Text type="secondary">{formatTime(n.createdAt)}</Typography.Text>}
                    />
                  </List.Item>
                )}
              />
              <Space style={{ width: '100%', justifyContent: 'space-between', marginTop: 8 }}>
                <Button size="small" type="link" disabled={!unread} onClick={() => void readAll()}>
                  {t('notice.readAll')}
                </Button>
                <Button size="small" type="link" onClick={() => go(PATHS.notifications)}>
                  {t('notice.viewAll')}
                </Button>
              </Space>
            </>
          ),
        },
      ]}
    />
  );

  return (
    <Popover content={panel} trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight" title={t('notice.title')}>
      <span data-testid="notification-bell" style={{ cursor: 'pointer', padding: '0 8px', display: 'inline-flex' }} title={t('notice.title')}>
        <Badge count={pending?.total ?? 0} dot={!pending?.total && unread > 0} size="small" overflowCount={99} data-testid="pending-badge">
          <BellOutlined style={{ fontSize: 16 }} />
        </Badge>
      </span>
    </Popover>
  );
}

import { PageContainer, ProCard, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Button, Descriptions, Drawer, Space, Table } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, call } from '../../api/client';
import type { ResponseOf, RowOf } from '../../api/types';
import { useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { useT, type MessageKey } from '../../i18n';
import { RESOURCE_CATEGORIES, StateTag, useValueEnum } from '../units/labels';
import { BookModal, CreateResourceModal } from './ResourceForms';
import { formatShort } from '../../time';
import { ListTable } from '../../components/ListTable';

type Row = RowOf<'/api/v1/resources'>;
type Detail = ResponseOf<'/api/v1/resources/{id}'>;
type Booking = Detail['bookings'][number];
const STEPS = { confirm: '/api/v1/bookings/{id}/confirm', decline: '/api/v1/bookings/{id}/decline', cancel: '/api/v1/bookings/{id}/cancel' } as const;

/** The bookings of a resource with the steps I may take on each (owner: confirm / decline; booker or owner: cancel). */
export function BookingsTable({ rows, onChanged, withResource = false }: { rows: Booking[]; onChanged: () => void; withResource?: boolean }) {
  const t = useT();
  const report = useReportError();
  const step = async (b: Booking, action: keyof typeof STEPS) => {
    try {
      await call(api.POST(STEPS[action], { params: { path: { id: b.id } }, body: { version: b.version } }));
      onChanged();
    } catch (error) {
      report(error);
    }
  };
  return (
    <Table<Booking>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={rows}
      columns={[
        ...(withResource ? [{ title: t('resources.name'), dataIndex: 'resourceName' }] : []),
        { title: t('resources.startsAt'), render: (_, b) => `${formatShort(b.startsAt)} – ${formatShort(b.endsAt)}` },
        { title: t('resources.party'), dataIndex: 'party' },
        { title: t('resources.purpose'), dataIndex: 'purpose' },
        { title: t('resources.headcount'), dataIndex: 'headcount', align: 'right' },
        { title: t('units.status'), dataIndex: 'status', render: (s: string) => <StateTag prefix="booking.status" status={s} /> },
        {
          title: t('common.actions'),
          render: (_, b) => (
            <Space size={0}>
              {b.actions.map((a) => (
                <Button key={a} size="small" type="link" danger={a !== 'confirm'} onClick={() => void step(b, a as keyof typeof STEPS)} data-testid={`booking-${a}`}>
                  {t(`booking.action.${a}` as MessageKey)}
                </Button>
              ))}
            </Space>
          ),
        },
      ]}
    />
  );
}

function ResourceDrawer({ id, onClose, onChanged }: { id: number; onClose: () => void; onChanged: () => void }) {
  const t = useT();
  const report = useReportError();
  const [r, setR] = useState<Detail | null>(null);
  const load = useCallback(async () => {
    try {
      setR(await call(api.GET('/api/v1/resources/{id}', { params: { path: { id } } })));
    } catch (error) {
      report(error);
    }
  }, [id, report]);
  useEffect(() => {
    void load();
  }, [load]);
  const changed = () => (onChanged(), void load());
  const withdraw = async () => {
    try {
      await call(api.POST('/api/v1/resources/{id}/withdraw', { params: { path: { id } }, body: { version: r!.version } }));
      changed();
    } catch (error) {
      report(error);
    }
  };
  return (
    <Drawer open width={720} title={r?.name} onClose={onClose} extra={r ? <Space>{r.canBook ? <BookModal resourceId={id} onDone={changed} /> : null}{r.isOwner && r.status === 'active' ? <Button danger onClick={() => void withdraw()}>{t('resources.withdraw')}</Button> : null}</Space> : null}>
      {r ? (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('resources.category')}>{t(`category.${r.category}` as MessageKey)}</Descriptions.Item>
            <Descriptions.Item label={t('resources.owner')}>{r.owner}</Descriptions.Item>
            <Descriptions.Item label={t('resources.capacity')}>{r.capacity}</Descriptions.Item>
            <Descriptions.Item label={t('resources.windows')}>{r.windows.map((w) => `${t(`weekday.${w.weekday}` as MessageKey)} ${w.start}–${w.end}`).join('，')}</Descriptions.Item>
            <Descriptions.Item label={t('units.address')}>{r.address ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('resources.description')}>{r.description ?? '—'}</Descriptions.Item>
          </Descriptions>
          <BookingsTable rows={r.bookings} onChanged={changed} />
        </Space>
      ) : null}
    </Drawer>
  );
}

/** 预约记录: bookings of the resources I own (to confirm) and those I made. */
function MyBookings({ version, onChanged }: { version: number; onChanged: () => void }) {
  const t = useT();
  const report = useReportError();
  const [rows, setRows] = useState<Booking[]>([]);
  const load = useCallback(async () => {
    try {
      setRows((await call(api.GET('/api/v1/bookings', { params: { query: { pageSize: 50 } } }))).data);
    } catch (error) {
      report(error);
    }
  }, [report]);
  useEffect(() => {
    void load();
  }, [load, version]);
  if (rows.length === 0) return null;
  return (
    <ProCard title={t('resources.bookings')} bordered headerBordered style={{ marginTop: 16 }}>
      <BookingsTable rows={rows} withResource onChanged={() => (onChanged(), void load())} />
    </ProCard>
  );
}

/** 资源清单: venues, off-peak parking, equipment, funds, professional services and volunteer time on offer, and their bookings. */
export default function ResourcesPage() {
  const t = useT();
  const { can } = useSession();
  const valueEnum = useValueEnum();
  const ref = useRef<ActionType>(undefined);
  const [open, setOpen] = useState<number | null>(null);
  const [changes, setChanges] = useState(0);
  const changed = () => (void ref.current?.reload(), setChanges((n) => n + 1));
  const columns: ProColumns<Row>[] = [
    { title: t('resources.name'), dataIndex: 'keyword', hideInTable: true },
    { title: t('resources.name'), dataIndex: 'name', search: false, render: (_, r) => <a onClick={() => setOpen(r.id)} data-testid="resource-link">{r.name}</a> },
    { title: t('resources.category'), dataIndex: 'category', valueType: 'select', valueEnum: valueEnum('category', RESOURCE_CATEGORIES) },
    { title: t('resources.owner'), dataIndex: 'owner', search: false },
    { title: t('units.community'), dataIndex: 'communityName', search: false },
    { title: t('resources.capacity'), dataIndex: 'capacity', search: false, align: 'right' },
    { title: t('resources.windows'), dataIndex: 'windows', search: false, render: (_, r) => r.windows.map((w) => `${t(`weekday.${w.weekday}` as MessageKey)} ${w.start}–${w.end}`).join('，') },
    { title: t('resources.used'), dataIndex: 'bookingsConfirmed', search: false, align: 'right' },
  ];
  return (
    <PageContainer title={t('resources.title')}>
      <ListTable<Row>
        rowKey="id"
        actionRef={ref}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: false, reload: true }}
        toolBarRender={() => (can('unit:act') || can('unit:write') ? [<CreateResourceModal key="create" onDone={(id) => (void ref.current?.reload(), setOpen(id))} />] : [])}
        request={async (params) => {
          const query = {
            current: params.current,
            pageSize: params.pageSize,
            ...(params.keyword ? { keyword: String(params.keyword).trim() } : {}),
            ...(params.category ? { category: params.category as Row['category'] } : {}),
          };
          const page = await call(api.GET('/api/v1/resources', { params: { query } }));
          return { data: page.data, total: page.total, success: true };
        }}
      />
      <MyBookings version={changes} onChanged={() => void ref.current?.reload()} />
      {open !== null ? <ResourceDrawer id={open} onClose={() => setOpen(null)} onChanged={changed} /> : null}
    </PageContainer>
  );
}

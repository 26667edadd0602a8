import { ModalForm, PageContainer, ProCard, ProFormDigit, ProFormSelect, ProFormText, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Col, InputNumber, Popconfirm, Row, Space, Statistic, Tag } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, call } from '../../api/client';
import { DownloadButton } from '../../components/DownloadButton';
import type { ResponseOf, RowOf } from '../../api/types';
import { useMe, useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { TerritorySelect } from '../../components/territory';
import { useT, type MessageKey } from '../../i18n';
import { toFen, yuan } from '../projects/labels';
import { ListTable } from '../../components/ListTable';

type Ledger = ResponseOf<'/api/v1/funds/communities/{id}'>;
type Txn = RowOf<'/api/v1/funds/communities/{id}/transactions'>;
const KINDS = ['allocation', 'donation', 'budget', 'expense', 'release', 'reversal'] as const;
const REVERSIBLE = new Set<Txn['kind']>(['allocation', 'donation', 'expense']);

/** 资金台账: a community's balances, its transactions with their entries, allocations, donations, reversals and the yearly report. */
export default function FundsPage() {
  const t = useT();
  const me = useMe();
  const { can } = useSession();
  const report = useReportError();
  const { message } = App.useApp();
  const own = useMemo(() => me.roles.find((r) => r.territoryLevel === 'community' && r.territoryId !== null), [me.roles]);
  const [communityId, setCommunityId] = useState<number | null>(own?.territoryId ?? null);
  const [ledger, setLedger] = useState<Ledger | null>(null);
  const [year, setYear] = useState(new Date().getFullYear());
  const table = useRef<ActionType>(null);

  const load = useCallback(async () => {
    if (!communityId) return setLedger(null);
    try {
      setLedger(await call(api.GET('/api/v1/funds/communities/{id}', { params: { path: { id: communityId } } })));
    } catch (e) {
      report(e);
    }
  }, [communityId, report]);
  useEffect(() => void load(), [load]);
  const refresh = () => {
    void load();
    table.current?.reload();
  };

  const reverse = async (txn: Txn) => {
    try {
      await call(api.POST('/api/v1/funds/transactions/{id}/reverse', { params: { path: { id: txn.id } }, body: { memo: `冲正：${txn.memo}` } }));
      message.success(t('project.done'));
      refresh();
    } catch (e) {
      report(e);
    }
  };

  const columns: ProColumns<Txn>[] = [
    { title: t('funds.bookedOn'), dataIndex: 'bookedOn', width: 110, search: false },
    { title: t('funds.kind'), dataIndex: 'kind', valueType: 'select', width: 120, fieldProps: { options: KINDS.map((k) => ({ value: k, label: t(`funds.kind.${k}` as MessageKey) })) }, render: (_, r) => t(`funds.kind.${r.kind}` as MessageKey) },
    { title: t('funds.memo'), dataIndex: 'memo', search: false, ellipsis: true },
    { title: t('funds.project'), dataIndex: 'projectTitle', search: false, render: (_, r) => (r.projectTitle ? `${r.projectTitle}${r.lineName ? `｜${r.lineName}` : ''}` : r.unitName ?? '—') },
    { title: t('funds.amount'), dataIndex: 'amount', search: false, width: 120, align: 'right', render: (_, r) => yuan(r.amount) },
    { title: t('funds.entries'), key: 'entries', search: false, render: (_, r) => r.entries.map((e) => <div key={e.id}>{e.accountName} {e.amount > 0 ? '+' : ''}{yuan(e.amount)}</div>) },
    {
      title: t('common.actions'),
      key: 'op',
      search: false,
      width: 100,
      render: (_, r) =>
        r.reversedBy ? <Tag>{t('funds.reversedBy')}</Tag> : REVERSIBLE.has(r.kind) && can('funds:write') ? (
          <Popconfirm title={t('funds.reverseConfirm')} onConfirm={() => reverse(r)}>
            <a data-testid="txn-reverse">{t('funds.reverse')}</a>
          </Popconfirm>
        ) : null,
    },
  ];

  const booking = (kind: 'allocate' | 'donate') => (
    <ModalForm<{ amount: number; memo: string; unitId?: number }>
      key={kind}
      title={t(kind === 'allocate' ? 'funds.allocate' : 'funds.donate')}
      trigger={<Button type={kind === 'allocate' ? 'primary' : 'default'} data-testid={`funds-${kind}`}>{t(kind === 'allocate' ? 'funds.allocate' : 'funds.donate')}</Button>}
      modalProps={{ destroyOnHidden: true }}
      onFinish={async (v) => {
        try {
          const path = { path: { id: communityId! } };
          if (kind === 'allocate') await call(api.POST('/api/v1/funds/communities/{id}/allocations', { params: path, body: { amount: toFen(v.amount), memo: v.memo.trim() } }));
          else await call(api.POST('/api/v1/funds/communities/{id}/donations', { params: path, body: { amount: toFen(v.amount), memo: v.memo.trim(), unitId: v.unitId! } }));
          refresh();
          return true;
        } catch (e) {
          report(e);
          return false;
        }
      }}
    >
      {kind === 'donate' ? (
        <ProFormSelect name="unitId" label={t('funds.unit')} rules={[{ required: true }]} request={async () => (await call(api.GET('/api/v1/funds/communities/{id}/units', { params: { path: { id: communityId! } } }))).map((u) => ({ value: u.id, label: u.name }))} />
      ) : null}
      <ProFormDigit name="amount" label={t('funds.amount')} min={0.01} rules={[{ required: true }]} fieldProps={{ precision: 2 }} />
      <ProFormText name="memo" label={t('funds.memo')} rules={[{ required: true, max: 500 }]} />
    </ModalForm>
  );

  return (
    <PageContainer
      title={t('funds.title')}
      extra={<TerritorySelect levels={['community']} value={communityId} onChange={(v) => setCommunityId(v)} placeholder={t('funds.pickCommunity')} style={{ width: 280 }} initialOption={own ? { value: own.territoryId!, label: own.territoryName ?? '' } : null} />}
    >
      {communityId && ledger ? (
        <>
          <ProCard title={t('funds.balances')} data-testid="funds-balances">
            {/* Wrapped, because a community with several projects has a line account each. A source
                account's balance is what it has paid out, so it is shown as that, positive. */}
            <Row gutter={[16, 16]}>
              {ledger.accounts.map((a) => {
                const source = a.kind === 'district_source' || a.kind === 'donation_source';
                return (
                  <Col key={a.id} xs={12} md={8} xl={6}>
                    <Statistic title={source ? `${a.name}${t('funds.paidOut')}` : a.name} value={yuan(source ? -a.balance : a.balance)} />
                  </Col>
                );
              })}
              <Col xs={12} md={8} xl={6}>
                <Statistic title={t('funds.total')} value={yuan(ledger.total)} />
              </Col>
            </Row>
          </ProCard>
          <ListTable<Txn>
            style={{ marginTop: 16 }}
            key={communityId}
            actionRef={table}
            headerTitle={t('funds.transactions')}
            rowKey="id"
            columns={columns}
            search={{ labelWidth: 'auto' }}
            pagination={{ defaultPageSize: 20, showSizeChanger: true }}
            request={async (params) => {
              const page = await call(api.GET('/api/v1/funds/communities/{id}/transactions', { params: { path: { id: communityId }, query: { current: params.current, pageSize: params.pageSize, kind: params.kind || undefined } } }));
              return { data: page.data, total: page.total, success: true };
            }}
            toolBarRender={() => [
              ...(can('funds:allocate') ? [booking('allocate')] : []),
              ...(can('funds:write') ? [booking('donate')] : []),
              <Space key="report">
                <InputNumber min={2000} max={2100} value={year} onChange={(v) => setYear(v ?? new Date().getFullYear())} addonBefore={t('funds.year')} />
                <DownloadButton data-testid="funds-report" request={() => api.GET('/api/v1/funds/communities/{id}/report', { params: { path: { id: communityId }, query: { year } }, parseAs: 'blob' })} fileName="funds.xlsx">{t('funds.report')}</DownloadButton>
              </Space>,
            ]}
          />
        </>
      ) : null}
    </PageContainer>
  );
}

import { ModalForm, ProForm, ProFormDigit, ProFormSelect, ProFormText, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, call } from '../../api/client';
import type { ResponseOf, RowOf } from '../../api/types';
import { useReportError } from '../../components/errors';
import { TerritorySelect } from '../../components/territory';
import { useT } from '../../i18n';
import { MemberStatus } from './MemberDrawer';
import { ListTable } from '../../components/ListTable';

type MemberRow = RowOf<'/api/v1/committees/{id}/members'>;
type Zone = ResponseOf<'/api/v1/committees/{id}/zones'>[number];
type Round = ResponseOf<'/api/v1/committees/{id}/visit-round'>;
type Term = ResponseOf<'/api/v1/committees/terms-ending'>[number];

/** The roster: members in office first, by role; personal data masked. */
export function MembersTab({ committeeId, onOpen, reloadKey }: { committeeId: number; onOpen: (id: number) => void; reloadKey: number }) {
  const t = useT();
  const action = useRef<ActionType>(null);
  useEffect(() => {
    void action.current?.reload();
  }, [reloadKey]);
  const columns: ProColumns<MemberRow>[] = [
    { title: t('committees.member.name'), dataIndex: 'keyword', hideInTable: true },
    {
      title: t('committees.member.name'),
      dataIndex: 'name',
      search: false,
      render: (_, r) => (
        <Typography.Link onClick={() => onOpen(r.id)} data-testid="member-link">
          {r.name}
        </Typography.Link>
      ),
    },
    { title: t('committees.member.role'), dataIndex: 'roleName', search: false, render: (_, r) => <Tag color={r.role === 'director' ? 'red' : r.role === 'deputy_director' ? 'volcano' : 'blue'}>{r.roleName}</Tag> },
    { title: t('committees.member.category'), dataIndex: 'categoryName', search: false },
    { title: t('committees.member.affiliation'), dataIndex: 'affiliation', search: false, ellipsis: true },
    { title: t('committees.member.phone'), dataIndex: 'phone', search: false },
    { title: t('committees.member.idNumber'), dataIndex: 'idNumber', search: false },
    { title: t('committees.member.term'), dataIndex: 'termEnd', search: false, render: (_, r) => `${r.termStart} ~ ${r.termEnd ?? ''}` },
    { title: t('committees.member.status'), dataIndex: 'status', search: false, render: (_, r) => <MemberStatus m={r} /> },
  ];
  return (
    <ListTable<MemberRow>
      rowKey="id"
      actionRef={action}
      columns={columns}
      search={{ labelWidth: 'auto' }}
      pagination={{ defaultPageSize: 50 }}
      options={{ density: false, reload: true }}
      data-testid="committee-members"
      request={async (params) => {
        const query = { current: params.current, pageSize: params.pageSize, ...(params.keyword ? { keyword: String(params.keyword) } : {}) };
        const page = await call(api.GET('/api/v1/committees/{id}/members', { params: { path: { id: committeeId }, query } }));
        return { data: page.data, total: page.total, success: true };
      }}
    />
  );
}

/** 分片联系: who answers for which grid, building or unit. */
export function ZonesTab({ committeeId, canWrite }: { committeeId: number; canWrite: boolean }) {
  const t = useT();
  const report = useReportError();
  const [zones, setZones] = useState<Zone[]>([]);
  const [members, setMembers] = useState<MemberRow[]>([]);
  const load = useCallback(async () => {
    try {
      setZones(await call(api.GET('/api/v1/committees/{id}/zones', { params: { path: { id: committeeId } } })));
      setMembers((await call(api.GET('/api/v1/committees/{id}/members', { params: { path: { id: committeeId }, query: { inOffice: true, pageSize: 200 } } }))).data);
    } catch (error) {
      report(error);
    }
  }, [committeeId, report]);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <>
      {canWrite ? (
        <ModalForm<{ memberId?: number; userId?: number; territoryId?: number; unitName?: string }>
          title={t('committees.zone.add')}
          trigger={<Button type="primary" style={{ marginBottom: 12 }}>{t('committees.zone.add')}</Button>}
          modalProps={{ destroyOnClose: true }}
          onFinish={async (values) => {
            try {
              const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== ''));
              await call(api.POST('/api/v1/committees/{id}/zones', { params: { path: { id: committeeId } }, body }));
              await load();
              return true;
            } catch (error) {
              report(error);
              return false;
            }
          }}
        >
          <ProFormSelect name="memberId" label={t('committees.zone.member')} options={members.map((m) => ({ value: m.id, label: `${m.name}（${m.roleName}）` }))} />
          <ProFormDigit name="userId" label={t('committees.zone.worker')} min={1} />
          <ProForm.Item name="territoryId" label={t('committees.zone.territory')}>
            <TerritorySelect levels={['grid', 'compound', 'building']} />
          </ProForm.Item>
          <ProFormText name="unitName" label={t('committees.zone.unit')} fieldProps={{ maxLength: 100 }} />
        </ModalForm>
      ) : null}
      <Table<Zone>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={zones}
        data-testid="committee-zones"
        columns={[
          { title: t('committees.zone.person'), key: 'who', render: (_, z) => z.memberName ?? z.userName },
          { title: t('committees.zone.target'), key: 'what', render: (_, z) => z.territoryName ?? z.unitName },
          {
            title: '',
            key: 'remove',
            width: 80,
            render: (_, z) =>
              canWrite ? (
                <Button size="small" type="link" danger onClick={() => void call(api.DELETE('/api/v1/committees/zones/{id}', { params: { path: { id: z.id } } })).then(load).catch(report)}>
                  {t('committees.zone.remove')}
                </Button>
              ) : null,
          },
        ]}
      />
    </>
  );
}

/** This month's visit round: who has not visited yet, with a reminder (once a month). */
export function RoundTab({ committeeId, canWrite }: { committeeId: number; canWrite: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const report = useReportError();
  const [round, setRound] = useState<Round | null>(null);
  const load = useCallback(async () => {
    try {
      setRound(await call(api.GET('/api/v1/committees/{id}/visit-round', { params: { path: { id: committeeId } } })));
    } catch (error) {
      report(error);
    }
  }, [committeeId, report]);
  useEffect(() => {
    void load();
  }, [load]);
  if (!round) return null;
  const remind = async (memberId: number) => {
    try {
      await call(api.POST('/api/v1/committees/members/{id}/remind', { params: { path: { id: memberId } }, body: {} }));
      message.success(t('committees.done'));
      await load();
    } catch (error) {
      report(error);
    }
  };
  return (
    <>
      <Typography.Paragraph data-testid="round-summary">{t('committees.round.summary', { members: round.members, visited: round.visited, behind: round.behind })}</Typography.Paragraph>
      <Table
        rowKey="memberId"
        size="small"
        pagination={false}
        dataSource={round.rows}
        columns={[
          { title: t('committees.member.name'), dataIndex: 'name' },
          { title: t('committees.member.role'), dataIndex: 'roleName' },
          { title: t('committees.round.visits'), dataIndex: 'visits', render: (n: number) => <Typography.Text type={n === 0 ? 'danger' : undefined}>{n}</Typography.Text> },
          {
            title: '',
            key: 'remind',
            render: (_, r) =>
              r.visits > 0 ? null
              : r.reminded ? <Tag>{t('committees.round.reminded')}</Tag>
              : !r.hasAccount ? <Typography.Text type="secondary">{t('committees.round.noAccount')}</Typography.Text>
              : canWrite ? <Button size="small" onClick={() => void remind(r.memberId)}>{t('committees.round.remind')}</Button>
              : null,
          },
        ]}
      />
    </>
  );
}

export function TermsTab({ committeeId }: { committeeId: number }) {
  const t = useT();
  const report = useReportError();
  const [rows, setRows] = useState<Term[]>([]);
  useEffect(() => {
    call(api.GET('/api/v1/committees/terms-ending', { params: { query: { committeeId } } })).then(setRows).catch(report);
  }, [committeeId, report]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table
        rowKey="memberId"
        size="small"
        pagination={false}
        dataSource={rows}
        data-testid="committee-terms"
        columns={[
          { title: t('committees.member.name'), dataIndex: 'name' },
          { title: t('committees.member.role'), dataIndex: 'roleName' },
          { title: t('committees.member.category'), dataIndex: 'categoryName' },
          { title: t('committees.term.end'), dataIndex: 'termEnd' },
          { title: t('committees.term.daysLeft'), dataIndex: 'daysLeft' },
        ]}
      />
    </Space>
  );
}

import { EyeOutlined } from '@ant-design/icons';
import { ModalForm, ProFormDatePicker, ProFormSelect, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { App, Button, Descriptions, Drawer, Space, Tag, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, call } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { useT, type MessageKey } from '../../i18n';
import { formatTime } from '../../time';

type Member = ResponseOf<'/api/v1/committees/members/{id}'>;
type Event = ResponseOf<'/api/v1/committees/members/{id}/history'>[number];
type Action = Member['actions'][number];

const STATUS_COLORS: Record<Member['status'], string> = { serving: 'green', exiting: 'orange', exited: 'default', dismissed: 'red' };
export const MemberStatus = ({ m }: { m: Pick<Member, 'status' | 'statusName'> }) => <Tag color={STATUS_COLORS[m.status]}>{m.statusName}</Tag>;

const PATHS = {
  request_exit: '/api/v1/committees/members/{id}/exit-request',
  approve_exit: '/api/v1/committees/members/{id}/exit-approve',
  reject_exit: '/api/v1/committees/members/{id}/exit-reject',
  dismiss: '/api/v1/committees/members/{id}/dismiss',
  edit: '/api/v1/committees/members/{id}/edit',
} as const;

const ROLE_OPTIONS = [
  { value: 'director', label: '主任' },
  { value: 'deputy_director', label: '副主任' },
  { value: 'standing', label: '常任委员' },
  { value: 'rotating', label: '轮值委员' },
];

/** The form of one step of the member's state table. */
function StepForm({ member, action, onClose, onDone }: { member: Member; action: Action; onClose: () => void; onDone: (m: Member) => void }) {
  const t = useT();
  const report = useReportError();
  return (
    <ModalForm<Record<string, string>>
      open
      title={`${t(`committees.action.${action}` as MessageKey)}：${member.name}`}
      modalProps={{ destroyOnClose: true, onCancel: onClose }}
      initialValues={action === 'edit' ? { role: member.role, affiliation: member.affiliation ?? '' } : {}}
      onFinish={async (values) => {
        try {
          const body = { ...values, version: member.version } as never;
          const done = await call(api.POST(PATHS[action], { params: { path: { id: member.id } }, body }));
          onDone(done);
          return true;
        } catch (error) {
          report(error);
          return false;
        }
      }}
    >
      {action === 'request_exit' || action === 'reject_exit' || action === 'dismiss' ? (
        <ProFormTextArea name="reason" label={t('committees.field.reason')} rules={[{ required: true }]} fieldProps={{ maxLength: 500, 'data-testid': 'member-step-reason' } as never} />
      ) : null}
      {action === 'approve_exit' ? <ProFormTextArea name="note" label={t('committees.field.note')} fieldProps={{ maxLength: 500 }} /> : null}
      {action === 'dismiss' ? (
        <>
          <ProFormText name="decisionBody" label={t('committees.field.decisionBody')} rules={[{ required: true }]} initialValue="社区党组织会议" />
          <ProFormDatePicker name="decisionOn" label={t('committees.field.decisionOn')} rules={[{ required: true }]} fieldProps={{ format: 'YYYY-MM-DD' }} transform={(v: string) => ({ decisionOn: typeof v === 'string' ? v.slice(0, 10) : v })} />
        </>
      ) : null}
      {action === 'edit' ? (
        <>
          <ProFormSelect name="role" label={t('committees.member.role')} options={ROLE_OPTIONS} />
          <ProFormText name="affiliation" label={t('committees.member.affiliation')} fieldProps={{ maxLength: 100 }} />
          <ProFormText name="phone" label={t('committees.member.phone')} />
          <ProFormText name="idNumber" label={t('committees.member.idNumber')} fieldProps={{ 'data-testid': 'member-edit-id' } as never} />
        </>
      ) : null}
    </ModalForm>
  );
}

/** One member: details (masked), zones, the full history and the steps I may take. */
export function MemberDrawer({ id, onClose, onChanged }: { id: number | null; onClose: () => void; onChanged: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const report = useReportError();
  const { can } = useSession();
  const [m, setM] = useState<Member | null>(null);
  const [history, setHistory] = useState<Event[]>([]);
  const [step, setStep] = useState<Action | null>(null);
  const [full, setFull] = useState<{ phone: string | null; idNumber: string | null } | null>(null);

  const load = useCallback(async () => {
    if (id === null) return;
    try {
      const [detail, events] = await Promise.all([
        call(api.GET('/api/v1/committees/members/{id}', { params: { path: { id } } })),
        call(api.GET('/api/v1/committees/members/{id}/history', { params: { path: { id } } })),
      ]);
      setM(detail);
      setHistory(events);
    } catch (error) {
      report(error);
    }
  }, [id, report]);
  useEffect(() => {
    setM(null);
    setFull(null);
    void load();
  }, [load]);

  const reveal = async () => {
    try {
      setFull(await call(api.GET('/api/v1/committees/members/{id}/personal', { params: { path: { id: id! } } })));
    } catch (error) {
      report(error);
    }
  };

  return (
    <Drawer open={id !== null} onClose={onClose} width={640} title={m ? `${m.name} · ${m.roleName}` : ''} destroyOnClose data-testid="member-drawer">
      {m ? (
        <>
          <Space wrap style={{ marginBottom: 16 }}>
            {m.actions.map((a) => (
              <Button key={a} danger={a === 'dismiss' || a === 'reject_exit'} type={a === 'approve_exit' ? 'primary' : 'default'} onClick={() => setStep(a)} data-testid={`member-action-${a}`}>
                {t(`committees.action.${a}` as MessageKey)}
              </Button>
            ))}
          </Space>
          <Descriptions column={2} size="small" bordered data-testid="member-fields">
            <Descriptions.Item label={t('committees.member.status')}>
              <span data-testid="member-status">
                <MemberStatus m={m} />
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('committees.member.category')}>{m.categoryName}</Descriptions.Item>
            <Descriptions.Item label={t('committees.member.affiliation')} span={2}>
              {m.affiliation ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('committees.member.phone')}>{full?.phone ?? m.phone ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('committees.member.idNumber')}>
              <Space size={4}>
                <span data-testid="member-id-number">{full?.idNumber ?? m.idNumber ?? '—'}</span>
                {can('personal:view') && !full ? <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => void reveal()} data-testid="member-reveal">{t('committees.member.reveal')}</Button> : null}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('committees.member.term')}>{`${m.termStart} ~ ${m.termEnd ?? ''}`}</Descriptions.Item>
            <Descriptions.Item label={t('committees.member.certificate')}>{m.certificateNo ?? '—'}</Descriptions.Item>
            {m.exitReason ? <Descriptions.Item label={t('committees.member.exitReason')} span={2}>{m.exitReason}</Descriptions.Item> : null}
            {m.endReason ? <Descriptions.Item label={t('committees.member.endReason')} span={2}>{m.endReason}</Descriptions.Item> : null}
            {m.decisionBody ? <Descriptions.Item label={t('committees.member.decision')} span={2}>{`${m.decisionBody} ${m.decisionOn ?? ''}`}</Descriptions.Item> : null}
            <Descriptions.Item label={t('committees.member.zones')} span={2}>
              {m.zones.length ? m.zones.map((z) => <Tag key={z.id}>{z.territoryName ?? z.unitName}</Tag>) : '—'}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('committees.member.history')}
          </Typography.Title>
          <Timeline
            data-testid="member-history"
            items={history.map((e) => ({
              key: e.id,
              children: (
                <div>
                  <Typography.Text strong>{e.actionName}</Typography.Text>
                  <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                    {formatTime(e.at)} · {e.actor ?? ''}
                  </Typography.Text>
                  {e.note ? <div>{e.note}</div> : null}
                </div>
              ),
            }))}
          />
          {step ? (
            <StepForm
              member={m}
              action={step}
              onClose={() => setStep(null)}
              onDone={(next) => {
                setStep(null);
                setM(next);
                message.success(t('committees.done'));
                void load();
                onChanged();
              }}
            />
          ) : null}
        </>
      ) : null}
    </Drawer>
  );
}

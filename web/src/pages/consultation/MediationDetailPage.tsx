import { ModalForm, PageContainer, ProCard, ProFormDatePicker, ProFormSwitch, ProFormTextArea } from '@ant-design/pro-components';
import { App, Button, Descriptions, Result, Space, Spin, Table, Tag, Timeline } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { api, ApiError, call } from '../../api/client';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import { MediationTag, useLabel, type MediationAction, type MediationDetail } from './labels';
import { formatTime } from '../../time';

type Fields = { agreement?: string; reason?: string; visitedOn?: Dayjs; notes?: string; fulfilled?: boolean; heldOn?: Dayjs };

/** One mediation: parties and their signatures, sessions, the agreement, follow-ups and the record. */
export default function MediationDetailPage() {
  const t = useT();
  const label = useLabel();
  const report = useReportError();
  const { message } = App.useApp();
  const id = Number(useParams().id);
  const [m, setM] = useState<MediationDetail | null | undefined>(undefined);
  const [action, setAction] = useState<MediationAction | 'session' | null>(null);
  const load = useCallback(async () => {
    try {
      setM(await call(api.GET('/api/v1/mediations/{id}', { params: { path: { id } } })));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setM(null);
      else report(error);
    }
  }, [id, report]);
  useEffect(() => void load(), [load]);
  if (m === undefined) return <Spin style={{ display: 'block', margin: 80 }} />;
  if (m === null) return <Result status="404" title={t('common.none')} />;

  const path = { path: { id: m.id } };
  const version = m.version;
  const fire = (v: Fields) => {
    switch (action) {
      case 'start':
        return call(api.POST('/api/v1/mediations/{id}/start', { params: path, body: { version } }));
      case 'agree':
        return call(api.POST('/api/v1/mediations/{id}/agree', { params: path, body: { version, agreement: v.agreement!.trim() } }));
      case 'fail':
        return call(api.POST('/api/v1/mediations/{id}/fail', { params: path, body: { version, reason: v.reason!.trim() } }));
      case 'follow_up':
        return call(api.POST('/api/v1/mediations/{id}/follow-up', { params: path, body: { version, visitedOn: dayjs(v.visitedOn).format('YYYY-MM-DD'), notes: v.notes!.trim(), fulfilled: v.fulfilled ?? true } }));
      case 'close':
        return call(api.POST('/api/v1/mediations/{id}/close', { params: path, body: { version } }));
      default:
        return call(api.POST('/api/v1/mediations/{id}/sessions', { params: path, body: { heldOn: dayjs(v.heldOn).format('YYYY-MM-DD'), notes: v.notes!.trim() } }));
    }
  };
  const sign = (partyId: number, method: 'on_site' | 'electronic') => call(api.POST('/api/v1/mediations/parties/{id}/sign', { params: { path: { id: partyId } }, body: { method } })).then(setM, report);

  return (
    <PageContainer title={m.title} subTitle={<Space><MediationTag status={m.status} />{m.communityName}·{m.disputeType}</Space>}>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <ProCard>
          <Space wrap>
            {m.actions.map((a) => (
              <Button key={a} type="primary" danger={a === 'fail'} onClick={() => setAction(a)}>{t(`mediation.action.${a}`)}</Button>
            ))}
            {m.canRecord ? <Button onClick={() => setAction('session')}>{t('mediation.addSession')}</Button> : null}
          </Space>
          <Descriptions size="small" column={2} bordered style={{ marginTop: 16 }}>
            <Descriptions.Item label={t('mediation.description')} span={2}>{m.description}</Descriptions.Item>
            <Descriptions.Item label={t('mediation.mediatorsShort')} span={2}>{m.mediators.map((x) => x.name).join('、')}</Descriptions.Item>
            <Descriptions.Item label={t('mediation.agreement')} span={2}>{m.agreement ?? '—'}</Descriptions.Item>
            {m.failureReason ? <Descriptions.Item label={t('mediation.failureReason')} span={2}>{m.failureReason}</Descriptions.Item> : null}
          </Descriptions>
        </ProCard>
        <ProCard title={t('mediation.partiesShort')}>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={m.parties}
            columns={[
              { title: t('mediation.partyName'), dataIndex: 'name' },
              { title: t('consultation.phone'), dataIndex: 'phone', width: 130 },
              { title: t('mediation.role'), dataIndex: 'role', width: 110, render: (v: string) => label('mediation.role.', v) },
              {
                title: t('mediation.signed'),
                key: 'sign',
                render: (_, p) =>
                  p.signedAt ? (
                    <Tag color="green">{`${p.signMethod === 'on_site' ? t('mediation.signOnSite') : t('mediation.signElectronic')} ${formatTime(p.signedAt)} ${p.signRecordedBy ?? ''}`}</Tag>
                  ) : m.canRecord ? (
                    <Space>
                      <Button size="small" onClick={() => void sign(p.id, 'on_site')}>{t('mediation.signOnSite')}</Button>
                      <Button size="small" onClick={() => void sign(p.id, 'electronic')}>{t('mediation.signElectronic')}</Button>
                    </Space>
                  ) : (
                    <Tag>{t('mediation.unsigned')}</Tag>
                  ),
              },
            ]}
          />
        </ProCard>
        <ProCard title={t('mediation.sessions')}>
          <Timeline items={m.sessions.map((s) => ({ children: `${s.heldOn}：${s.notes}` }))} />
        </ProCard>
        {m.followups.length ? (
          <ProCard title={t('mediation.followups')}>
            <Timeline items={m.followups.map((f) => ({ color: f.fulfilled ? 'green' : 'red', children: `${f.visitedOn}：${f.notes}` }))} />
          </ProCard>
        ) : null}
        <ProCard title={t('consultation.timeline')}>
          <Timeline items={m.timeline.map((e) => ({ children: `${formatTime(e.at)} ${e.actorName ?? ''} ${e.label}${e.note ? `：${e.note}` : ''}` }))} />
        </ProCard>
      </Space>
      {action ? (
        <ModalForm<Fields>
          open
          title={action === 'session' ? t('mediation.addSession') : t(`mediation.action.${action}`)}
          initialValues={{ heldOn: dayjs(), visitedOn: dayjs(), fulfilled: true }}
          modalProps={{ destroyOnHidden: true, onCancel: () => setAction(null) }}
          onFinish={async (v) => {
            try {
              setM(await fire(v));
              setAction(null);
              message.success(t('consultation.done'));
              return true;
            } catch (error) {
              report(error);
              return false;
            }
          }}
        >
          {action === 'session' ? <ProFormDatePicker name="heldOn" label={t('consultation.heldOn')} rules={[{ required: true }]} /> : null}
          {action === 'follow_up' ? <ProFormDatePicker name="visitedOn" label={t('mediation.visitedOn')} rules={[{ required: true }]} /> : null}
          {action === 'session' || action === 'follow_up' ? <ProFormTextArea name="notes" label={t('mediation.notes')} rules={[{ required: true, whitespace: true }]} /> : null}
          {action === 'follow_up' ? <ProFormSwitch name="fulfilled" label={t('mediation.fulfilled')} /> : null}
          {action === 'agree' ? <ProFormTextArea name="agreement" label={t('mediation.agreement')} rules={[{ required: true, whitespace: true }]} /> : null}
          {action === 'fail' ? <ProFormTextArea name="reason" label={t('mediation.failureReason')} rules={[{ required: true, whitespace: true }]} /> : null}
        </ModalForm>
      ) : null}
    </PageContainer>
  );
}

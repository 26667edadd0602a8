import { ModalForm, ProFormRate, ProFormSelect, ProFormTextArea } from '@ant-design/pro-components';
import { Button, Descriptions, Drawer, Space, Table, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, call } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { useReportError } from '../../components/errors';
import { useT, type MessageKey } from '../../i18n';
import { StateTag } from '../units/labels';
import { formatTime } from '../../time';

type Demand = ResponseOf<'/api/v1/demands/{id}'>;
type Match = ResponseOf<'/api/v1/demands/{id}/matches'>[number];
const STEPS = {
  claim: '/api/v1/demands/{id}/claim',
  confirm_claim: '/api/v1/demands/{id}/confirm_claim',
  reject_claim: '/api/v1/demands/{id}/reject_claim',
  withdraw_claim: '/api/v1/demands/{id}/withdraw_claim',
  complete: '/api/v1/demands/{id}/complete',
  close: '/api/v1/demands/{id}/close',
} as const;
type Step = keyof typeof STEPS;
const DANGER = new Set<Step>(['reject_claim', 'withdraw_claim', 'close']);

/** One step of the demand's state table: 认领 asks which unit, 需求已满足 asks for a rating, the rest for a note. */
function StepModal({ d, step, onDone }: { d: Demand; step: Step; onDone: () => void }) {
  const t = useT();
  const report = useReportError();
  return (
    <ModalForm<{ unitId?: number; rating?: number; note?: string }>
      title={t(`demand.action.${step}` as MessageKey)}
      trigger={
        <Button type={DANGER.has(step) ? 'default' : 'primary'} danger={DANGER.has(step)} data-testid={`demand-action-${step}`}>
          {t(`demand.action.${step}` as MessageKey)}
        </Button>
      }
      modalProps={{ destroyOnClose: true }}
      initialValues={step === 'claim' && d.claimableBy.length > 0 ? { unitId: d.claimableBy[0]!.id } : {}}
      onFinish={async (values) => {
        try {
          await call(api.POST(STEPS[step], { params: { path: { id: d.id } }, body: { ...values, version: d.version } as never }));
          onDone();
          return true;
        } catch (error) {
          report(error);
          return false;
        }
      }}
    >
      {step === 'claim' ? <ProFormSelect name="unitId" label={t('demands.claimAs')} options={d.claimableBy.map((u) => ({ value: u.id, label: u.name }))} fieldProps={{ id: 'demand-claim-unit' }} rules={[{ required: true }]} /> : null}
      {step === 'complete' ? <ProFormRate name="rating" label={t('demands.rating')} fieldProps={{ allowHalf: false }} rules={[{ required: true }]} /> : null}
      <ProFormTextArea name="note" label={t('units.note')} fieldProps={{ maxLength: 500 }} />
    </ModalForm>
  );
}

/** A demand: what is needed, where and by when; its claims, suggested resources and units, and history. */
export function DemandDrawer({ id, onClose, onChanged, staff }: { id: number; onClose: () => void; onChanged: () => void; staff: boolean }) {
  const t = useT();
  const report = useReportError();
  const [d, setD] = useState<Demand | null>(null);
  const [matches, setMatches] = useState<Match[]>([]);
  const load = useCallback(async () => {
    try {
      setD(await call(api.GET('/api/v1/demands/{id}', { params: { path: { id } } })));
      if (staff) setMatches(await call(api.GET('/api/v1/demands/{id}/matches', { params: { path: { id } } })));
    } catch (error) {
      report(error);
    }
  }, [id, report, staff]);
  useEffect(() => {
    void load();
  }, [load]);
  const done = () => (onChanged(), void load());
  return (
    <Drawer
      open
      width={760}
      title={d?.title}
      onClose={onClose}
      extra={d ? <StateTag prefix="demand.status" status={d.status} testId="demand-status" /> : null}
    >
      {d ? (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Space wrap>
            {(d.actions as Step[]).map((s) => (
              <StepModal key={s} d={d} step={s} onDone={done} />
            ))}
          </Space>
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label={t('resources.category')}>{t(`category.${d.category}` as MessageKey)}</Descriptions.Item>
            <Descriptions.Item label={t('demands.quantity')}>
              {d.quantity} {d.quantityUnit}
            </Descriptions.Item>
            <Descriptions.Item label={t('demands.community')}>{d.communityName}</Descriptions.Item>
            <Descriptions.Item label={t('demands.neededBy')}>{d.neededBy ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('demands.place')}>{d.place ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('demands.unit')}>{d.unitName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('demands.description')} span={2}>
              {d.description ?? '—'}
              {d.caseId ? (
                <>
                  {' '}
                  <Link to={`/cases/${d.caseId}`}>#{d.caseId}</Link>
                </>
              ) : null}
            </Descriptions.Item>
          </Descriptions>
          {staff ? (
            <div data-testid="demand-matches">
              <Typography.Title level={5}>{t('demands.matches')}</Typography.Title>
              <Table<Match>
                size="small"
                rowKey={(m) => `${m.kind}-${m.id}`}
                pagination={false}
                dataSource={matches}
                columns={[
                  { title: t('resources.name'), dataIndex: 'name' },
                  { title: t('demands.community'), dataIndex: 'communityName' },
                  { title: t('demands.reason'), dataIndex: 'reason' },
                ]}
              />
            </div>
          ) : null}
          <div>
            <Typography.Title level={5}>{t('demands.claims')}</Typography.Title>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={d.claims}
              columns={[
                { title: t('demands.unit'), dataIndex: 'unitName' },
                { title: t('units.status'), dataIndex: 'status', render: (s: string) => <StateTag prefix="claim.status" status={s} testId="claim-status" /> },
                { title: t('demands.rating'), dataIndex: 'rating', render: (v: number | null) => v ?? '—' },
                { title: t('units.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
              ]}
            />
          </div>
          <div>
            <Typography.Title level={5}>{t('demands.history')}</Typography.Title>
            <Timeline items={d.history.map((e) => ({ children: `${formatTime(e.at)} ${e.label} · ${e.actorName ?? ''}${e.note ? `：${e.note}` : ''}` }))} />
          </div>
        </Space>
      ) : null}
    </Drawer>
  );
}

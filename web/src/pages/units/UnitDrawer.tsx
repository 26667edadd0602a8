import { ModalForm, ProFormDatePicker, ProFormDigit, ProFormRadio, ProFormText } from '@ant-design/pro-components';
import { Button, Descriptions, Drawer, Space, Table, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, call } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { useReportError } from '../../components/errors';
import { useT, type MessageKey } from '../../i18n';
import { StateTag } from './labels';
import { formatTime } from '../../time';

type Unit = ResponseOf<'/api/v1/units/{id}'>;
type History = ResponseOf<'/api/v1/units/{id}/history'>;
const PATHS = { confirm: '/api/v1/units/{id}/confirm', reject: '/api/v1/units/{id}/reject', withdraw: '/api/v1/units/{id}/withdraw' } as const;
type Action = keyof typeof PATHS;

/** One unit: its registration with the actions I may take, participation by year, incubation and history. */
export function UnitDrawer({ id, onClose, onChanged }: { id: number; onClose: () => void; onChanged: () => void }) {
  const t = useT();
  const report = useReportError();
  const [unit, setUnit] = useState<Unit | null>(null);
  const [history, setHistory] = useState<History>([]);
  const load = useCallback(async () => {
    try {
      const path = { id };
      setUnit(await call(api.GET('/api/v1/units/{id}', { params: { path } })));
      setHistory(await call(api.GET('/api/v1/units/{id}/history', { params: { path } })));
    } catch (error) {
      report(error);
    }
  }, [id, report]);
  useEffect(() => {
    void load();
  }, [load]);

  const step = async (action: Action) => {
    if (!unit) return;
    try {
      await call(api.POST(PATHS[action], { params: { path: { id } }, body: { version: unit.version } }));
      onChanged();
      await load();
    } catch (error) {
      report(error);
    }
  };

  return (
    <Drawer open width={640} title={unit?.name ?? t('units.detail')} onClose={onClose} extra={unit ? <StateTag prefix="units.status" status={unit.status} testId="unit-drawer-status" /> : null}>
      {unit ? (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Space>
            {unit.actions.map((a) => (
              <Button key={a} type={a === 'confirm' ? 'primary' : 'default'} danger={a !== 'confirm'} onClick={() => void step(a as Action)} data-testid={`unit-action-${a}`}>
                {t(`units.action.${a}` as MessageKey)}
              </Button>
            ))}
          </Space>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('units.community')}>{unit.communityName}</Descriptions.Item>
            <Descriptions.Item label={t('units.kind')}>
              {t(`units.kind.${unit.kind}` as MessageKey)}
              {unit.socialCategory ? ` · ${t(`units.social.${unit.socialCategory}` as MessageKey)}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('units.partyOrg')}>{unit.partyOrgName ?? '—'}（{unit.partyMemberCount}）</Descriptions.Item>
            <Descriptions.Item label={t('units.contactName')}>
              {unit.contactName} {unit.contactPhone}
            </Descriptions.Item>
            <Descriptions.Item label={t('units.offer')}>{unit.offer ?? '—'}</Descriptions.Item>
          </Descriptions>
          <div>
            <Typography.Title level={5}>{t('units.participation')}</Typography.Title>
            <Table
              size="small"
              rowKey="year"
              pagination={false}
              dataSource={unit.participation}
              columns={[
                { title: t('units.year'), dataIndex: 'year' },
                { title: t('units.services'), dataIndex: 'services', align: 'right' },
                { title: t('units.minutes'), dataIndex: 'minutes', align: 'right' },
                { title: t('units.rating'), dataIndex: 'averageRating', align: 'right', render: (v: number | null) => v ?? '—' },
              ]}
            />
          </div>
          {unit.kind === 'social_org' ? (
            <div>
              <Space style={{ marginBottom: 8 }}>
                <Typography.Title level={5} style={{ margin: 0 }}>
                  {t('units.incubation')}
                </Typography.Title>
                {unit.canRecord ? <IncubationModal unitId={id} onDone={() => void load()} /> : null}
              </Space>
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={unit.incubation}
                columns={[
                  { title: t('units.incubation.heldOn'), dataIndex: 'heldOn' },
                  { title: t('units.kind'), dataIndex: 'kind', render: (k: string) => t(`units.incubation.${k}` as MessageKey) },
                  { title: t('units.incubation.title'), dataIndex: 'title' },
                  { title: t('units.incubation.score'), dataIndex: 'score', render: (v: number | null) => v ?? '—' },
                ]}
              />
            </div>
          ) : null}
          <div>
            <Typography.Title level={5}>{t('units.history')}</Typography.Title>
            <Timeline items={history.map((e) => ({ children: `${formatTime(e.at)} ${e.label} · ${e.actorName ?? ''}${e.note ? `：${e.note}` : ''}` }))} />
          </div>
        </Space>
      ) : null}
    </Drawer>
  );
}

function IncubationModal({ unitId, onDone }: { unitId: number; onDone: () => void }) {
  const t = useT();
  const report = useReportError();
  return (
    <ModalForm<{ kind: 'training' | 'assessment'; heldOn: string; title: string; score?: number }>
      title={t('units.incubation.add')}
      trigger={<Button size="small">{t('units.incubation.add')}</Button>}
      modalProps={{ destroyOnClose: true }}
      initialValues={{ kind: 'training' }}
      onFinish={async (values) => {
        try {
          await call(api.POST('/api/v1/units/{id}/incubation', { params: { path: { id: unitId } }, body: values }));
          onDone();
          return true;
        } catch (error) {
          report(error);
          return false;
        }
      }}
    >
      <ProFormRadio.Group name="kind" options={[{ value: 'training', label: t('units.incubation.training') }, { value: 'assessment', label: t('units.incubation.assessment') }]} />
      <ProFormDatePicker name="heldOn" label={t('units.incubation.heldOn')} rules={[{ required: true }]} fieldProps={{ format: 'YYYY-MM-DD' }} transform={(v: unknown) => ({ heldOn: String(v).slice(0, 10) })} />
      <ProFormText name="title" label={t('units.incubation.title')} rules={[{ required: true }]} />
      <ProFormDigit name="score" label={t('units.incubation.score')} min={0} max={100} fieldProps={{ precision: 0 }} />
    </ModalForm>
  );
}

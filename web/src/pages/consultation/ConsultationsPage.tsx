import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormDateTimePicker, ProFormSelect, ProFormText, ProFormTextArea, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Button, Form } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { api, call } from '../../api/client';
import { DownloadButton } from '../../components/DownloadButton';
import type { QueryOf } from '../../api/types';
import { useMe, useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { TerritorySelect } from '../../components/territory';
import { useT } from '../../i18n';
import { LEVELS, StepTag, STEPS, useLabel, useOptions, type ConsultationPrefill, type ConsultationRow } from './labels';
import { formatTime, pickedInstant } from '../../time';
import { ListTable } from '../../components/ListTable';

interface NewValues {
  communityId: number;
  title: string;
  subject: string;
  category?: string;
  level: (typeof LEVELS)[number];
  placeIds: number[];
  collectUntil: Dayjs;
  caseIds?: string;
}

/** The new-item dialog; with `prefill` (a topic's 发起议事协商) it opens at once holding the topic's words. */
function NewConsultation({ onCreated, prefill }: { onCreated: (id: number) => void; prefill: ConsultationPrefill | null }) {
  const t = useT();
  const me = useMe();
  const options = useOptions();
  const report = useReportError();
  const [form] = Form.useForm<NewValues>();
  const own = me.roles.filter((r) => r.territoryLevel === 'community' && r.territoryId !== null);
  const [communityId, setCommunityId] = useState<number | undefined>(prefill?.communityId ?? (own.length === 1 ? own[0]!.territoryId! : undefined));
  const [open, setOpen] = useState(prefill !== null);
  const [seed, setSeed] = useState(prefill);
  const topicCommunity = useMemo(() => (prefill ? { value: prefill.communityId, label: prefill.communityName } : null), [prefill]);
  const fromTopic = seed ? { title: seed.title, subject: seed.subject, category: seed.category, caseIds: seed.caseIds?.join(',') || undefined } : {};
  return (
    <ModalForm<NewValues>
      title={t('consultation.new')}
      form={form}
      width={640}
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setSeed(null);
      }}
      trigger={<Button type="primary" icon={<PlusOutlined />} data-testid="consultation-new">{t('consultation.new')}</Button>}
      initialValues={{ communityId, level: 'resident', collectUntil: dayjs().add(7, 'day').endOf('day'), ...fromTopic }}
      modalProps={{ destroyOnHidden: true }}
      submitter={{ submitButtonProps: { 'data-testid': 'consultation-create-submit' } as never }}
      onValuesChange={(changed: Partial<NewValues>) => changed.communityId !== undefined && setCommunityId(changed.communityId)}
      onFinish={async (v) => {
        try {
          const caseIds = (v.caseIds ?? '').split(/[,，\s]+/).filter(Boolean).map(Number);
          const created = await call(
            api.POST('/api/v1/consultations', {
              body: { communityId: v.communityId, title: v.title.trim(), subject: v.subject.trim(), category: v.category?.trim() || undefined, level: v.level, placeIds: v.placeIds, collectUntil: pickedInstant(v.collectUntil), caseIds: caseIds.length ? caseIds : undefined },
            }),
          );
          onCreated(created.id);
          return true;
        } catch (error) {
          report(error, form);
          return false;
        }
      }}
    >
      <Form.Item name="communityId" label={t('consultation.community')} rules={[{ required: true }]}>
        <TerritorySelect levels={['community']} initialOption={topicCommunity} data-testid="consultation-community" />
      </Form.Item>
      <ProFormText name="title" label={t('consultation.itemTitle')} rules={[{ required: true, whitespace: true }, { max: 100 }]} fieldProps={{ id: 'consultation-title' }} />
      <ProFormTextArea name="subject" label={t('consultation.subject')} rules={[{ required: true, whitespace: true }]} fieldProps={{ id: 'consultation-subject', rows: 3 }} />
      <ProFormSelect
        name="category"
        label={t('consultation.category')}
        showSearch
        params={{ communityId }}
        request={async ({ communityId: c }) => (c ? (await call(api.GET('/api/v1/consultations/catalogue', { params: { query: { communityId: c } } }))).map((e) => ({ value: e.category, label: `${e.category}（${t(`consultation.requirement.${e.requirement}`)}）` })) : [])}
      />
      <ProFormSelect name="level" label={t('consultation.level')} options={options('consultation.level.', LEVELS)} rules={[{ required: true }]} />
      <ProFormSelect
        name="placeIds"
        label={t('consultation.places')}
        mode="multiple"
        rules={[{ required: true }]}
        params={{ communityId }}
        fieldProps={{ 'data-testid': 'consultation-places', optionFilterProp: 'label' } as never}
        request={async ({ communityId: c }) =>
          c ? (await call(api.GET('/api/v1/resident/communities/{id}/places', { params: { path: { id: c } } }))).filter((p) => p.level !== 'grid').map((p) => ({ value: p.id, label: p.label })) : []
        }
      />
      <ProFormDateTimePicker name="collectUntil" label={t('consultation.collectUntil')} rules={[{ required: true }]} />
      <ProFormText name="caseIds" label={t('consultation.caseIds')} fieldProps={{ id: 'consultation-cases' }} />
    </ModalForm>
  );
}

/** 议事协商: the items of my area, by step and level. */
export default function ConsultationsPage() {
  const t = useT();
  const label = useLabel();
  const options = useOptions();
  const { can } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  // Taken once: the router state is cleared so a reload does not reopen the dialog.
  const [prefill] = useState<ConsultationPrefill | null>(() => (location.state as { prefill?: ConsultationPrefill } | null)?.prefill ?? null);
  useEffect(() => {
    if (location.state) navigate(location.pathname, { replace: true, state: null });
  }, [location, navigate]);
  const ref = useRef<ActionType>(null);
  // The filters of the list as last loaded: the export takes the same ones.
  const filters = useRef<QueryOf<'/api/v1/consultations'>>({});
  const columns: ProColumns<ConsultationRow>[] = [
    { title: t('consultation.itemTitle'), dataIndex: 'keyword', render: (_, r) => <Link to={`/consultations/${r.id}`} data-testid="consultation-link">{r.title}</Link> },
    { title: t('consultation.community'), dataIndex: 'communityName', search: false, width: 140 },
    { title: t('consultation.level'), dataIndex: 'level', valueType: 'select', width: 110, fieldProps: { options: options('consultation.level.', LEVELS) }, render: (_, r) => label('consultation.level.', r.level) },
    { title: t('consultation.status'), dataIndex: 'status', valueType: 'select', width: 130, fieldProps: { options: options('consultation.step.', STEPS) }, render: (_, r) => <StepTag status={r.status} /> },
    { title: t('consultation.category'), dataIndex: 'category', search: false, width: 120 },
    { title: t('consultation.opinionCount'), dataIndex: 'opinions', search: false, width: 80 },
    { title: t('consultation.collectUntil'), dataIndex: 'collectUntil', search: false, width: 160, render: (_, r) => formatTime(r.collectUntil) },
    { title: t('consultation.createdAt'), dataIndex: 'createdAt', search: false, width: 160, render: (_, r) => formatTime(r.createdAt) },
  ];
  return (
    <PageContainer title={t('consultation.title')}>
      <ListTable<ConsultationRow>
        rowKey="id"
        actionRef={ref}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: false, setting: true, reload: true }}
        request={async (p) => {
          const query = { current: p.current, pageSize: p.pageSize, keyword: p.keyword || undefined, status: p.status || undefined, level: p.level || undefined };
          filters.current = { ...query, current: undefined, pageSize: undefined };
          const page = await call(api.GET('/api/v1/consultations', { params: { query } }));
          return { data: page.data, total: page.total, success: true };
        }}
        toolBarRender={() => [
          <DownloadButton key="export" request={() => api.GET('/api/v1/consultations/export', { params: { query: filters.current }, parseAs: 'blob' })} fileName="consultations.xlsx" />,
          can('consultation:write') ? <NewConsultation key="new" prefill={prefill} onCreated={(id) => navigate(`/consultations/${id}`)} /> : null,
        ]}
      />
    </PageContainer>
  );
}

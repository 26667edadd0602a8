import { ModalForm, ProForm, ProFormDateTimePicker, ProFormRadio, ProFormSelect, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { Button, Form, type UploadFile } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { BodyOf, RowOf } from '../../api/types';
import { useMyCommunity } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { PhotoUpload } from '../../components/PhotoUpload';
import { TerritorySelect } from '../../components/territory';
import { useT } from '../../i18n';
import { useCategories } from '../cases/labels';
import { pickedInstant } from '../../time';

export type VisitRow = RowOf<'/api/v1/visits'>;
type LogBody = BodyOf<'/api/v1/visits'>;

/** 登记走访: whom (a household by building and room, or a unit), where, when, what was said and raised, photos. */
export function LogVisitModal({ onDone }: { onDone: () => void }) {
  const t = useT();
  const mine = useMyCommunity();
  const report = useReportError();
  const [form] = Form.useForm();
  const [photos, setPhotos] = useState<UploadFile[]>([]);
  const whom = Form.useWatch('whomKind', form) ?? 'household';
  return (
    <ModalForm<Record<string, unknown>>
      form={form}
      title={t('visits.log')}
      trigger={<Button type="primary" data-testid="visit-log">{t('visits.log')}</Button>}
      modalProps={{ destroyOnClose: true }}
      initialValues={{ whomKind: 'household', ...(mine ? { communityId: mine.id } : {}) }}
      onFinish={async (values) => {
        try {
          const photoIds = photos.flatMap((p) => (p.response?.id ? [p.response.id as number] : []));
          const visitedAt = values.visitedAt ? pickedInstant(values.visitedAt as string) : new Date().toISOString();
          const body = { ...values, visitedAt, ...(photoIds.length ? { photoIds } : {}) } as LogBody;
          for (const key of ['room', 'unitName', 'personName', 'problem'] as const) if (!body[key]) delete body[key];
          await call(api.POST('/api/v1/visits', { body }));
          setPhotos([]);
          onDone();
          return true;
        } catch (error) {
          report(error, form);
          return false;
        }
      }}
    >
      <ProForm.Item name="communityId" label={t('visits.community')} rules={[{ required: true }]}>
        <TerritorySelect levels={['community']} initialOption={mine ? { value: mine.id, label: mine.name } : null} data-testid="visit-community" />
      </ProForm.Item>
      <ProForm.Item name="territoryId" label={t('visits.where')} rules={[{ required: true }]}>
        <TerritorySelect levels={whom === 'household' ? ['building'] : ['community', 'grid', 'compound', 'building']} data-testid="visit-place" />
      </ProForm.Item>
      <ProFormRadio.Group name="whomKind" label={t('visits.whom')} options={[{ value: 'household', label: t('visits.whom.household') }, { value: 'unit', label: t('visits.whom.unit') }]} />
      {whom === 'household' ? (
        <ProFormText name="room" label={t('visits.room')} rules={[{ required: true }]} fieldProps={{ maxLength: 20, 'data-testid': 'visit-room' } as never} />
      ) : (
        <ProFormText name="unitName" label={t('visits.unitName')} rules={[{ required: true }]} fieldProps={{ maxLength: 100, 'data-testid': 'visit-unit' } as never} />
      )}
      <ProFormText name="personName" label={t('visits.personName')} fieldProps={{ maxLength: 50 }} />
      <ProFormDateTimePicker name="visitedAt" label={t('visits.when')} placeholder={t('visits.whenNow')} />
      <ProFormTextArea name="summary" label={t('visits.summary')} rules={[{ required: true }]} fieldProps={{ maxLength: 1000, 'data-testid': 'visit-summary' } as never} />
      <ProFormTextArea name="problem" label={t('visits.problem')} fieldProps={{ maxLength: 2000, 'data-testid': 'visit-problem' } as never} />
      <PhotoUpload fileList={photos} onChange={setPhotos} max={6} upload={(data) => call(api.POST('/api/v1/visit-photos', { body: data as never }))} />
    </ModalForm>
  );
}

/** 转为诉求: the visit's problem becomes a case through the cases intake. */
export function ToCaseModal({ visit, onDone }: { visit: VisitRow; onDone: () => void }) {
  const t = useT();
  const report = useReportError();
  const categories = useCategories();
  return (
    <ModalForm<{ categoryCode: string }>
      title={t('visits.toCase')}
      trigger={<Button size="small" type="link" data-testid="visit-to-case">{t('visits.toCase')}</Button>}
      modalProps={{ destroyOnClose: true }}
      onFinish={async (values) => {
        try {
          await call(api.POST('/api/v1/visits/{id}/case', { params: { path: { id: visit.id } }, body: { categoryCode: values.categoryCode, version: visit.version } }));
          onDone();
          return true;
        } catch (error) {
          report(error);
          return false;
        }
      }}
    >
      <ProFormTextArea label={t('visits.problem')} fieldProps={{ value: visit.problem ?? '', readOnly: true }} />
      <ProFormSelect name="categoryCode" label={t('visits.category')} options={categories} rules={[{ required: true }]} fieldProps={{ 'data-testid': 'visit-case-category' } as never} />
    </ModalForm>
  );
}

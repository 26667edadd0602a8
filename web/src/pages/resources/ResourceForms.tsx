import { ModalForm, ProForm, ProFormCheckbox, ProFormDateTimePicker, ProFormDigit, ProFormSelect, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { Button, Form } from 'antd';
import { api, call } from '../../api/client';
import type { BodyOf } from '../../api/types';
import { useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { TerritorySelect } from '../../components/territory';
import { useT, type MessageKey } from '../../i18n';
import { RESOURCE_CATEGORIES, useOptions } from '../units/labels';
import { pickedInstant } from '../../time';

type ResourceBody = BodyOf<'/api/v1/resources'>;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** 发布资源: what, by whom, capacity, and the weekly window it is open (the same hours on each day ticked). */
export function CreateResourceModal({ onDone }: { onDone: (id: number) => void }) {
  const t = useT();
  const report = useReportError();
  const options = useOptions();
  const { can } = useSession();
  const [form] = Form.useForm();
  const units = async () =>
    (await call(api.GET('/api/v1/units', { params: { query: { status: 'confirmed', pageSize: 200 } } }))).data.map((u) => ({ value: u.id, label: u.name }));
  return (
    <ModalForm<Record<string, unknown>>
      form={form}
      title={t('resources.create')}
      trigger={<Button type="primary" data-testid="resource-create">{t('resources.create')}</Button>}
      modalProps={{ destroyOnClose: true }}
      initialValues={{ weekdays: [1, 2, 3, 4, 5], start: '08:00', end: '18:00', capacity: 1 }}
      onFinish={async ({ weekdays, start, end, ...rest }) => {
        try {
          const windows = (weekdays as number[]).map((weekday) => ({ weekday, start: String(start), end: String(end) }));
          const saved = await call(api.POST('/api/v1/resources', { body: { ...rest, windows } as ResourceBody }));
          onDone(saved.id);
          return true;
        } catch (error) {
          report(error, form, { 'windows.0.end': 'end' });
          return false;
        }
      }}
    >
      <ProForm.Item name="communityId" label={t('units.community')} rules={[{ required: true }]}>
        <TerritorySelect levels={['community']} data-testid="resource-community" />
      </ProForm.Item>
      <ProFormSelect name="unitId" label={t('resources.unit')} request={units} fieldProps={{ id: 'resource-unit' }} rules={can('unit:write') ? [] : [{ required: true }]} />
      {can('unit:write') ? <ProFormText name="ownerName" label={t('resources.ownerName')} fieldProps={{ maxLength: 50 }} /> : null}
      <ProFormSelect name="category" label={t('resources.category')} options={options('category', RESOURCE_CATEGORIES)} rules={[{ required: true }]} fieldProps={{ id: 'resource-category' }} />
      <ProFormText name="name" label={t('resources.name')} rules={[{ required: true }]} fieldProps={{ id: 'resource-name', maxLength: 100 }} />
      <ProFormDigit name="capacity" label={t('resources.capacity')} min={1} fieldProps={{ precision: 0, id: 'resource-capacity' }} rules={[{ required: true }]} />
      <ProFormCheckbox.Group name="weekdays" label={t('resources.weekdays')} options={WEEKDAYS.map((d) => ({ value: d, label: t(`weekday.${d}` as MessageKey) }))} rules={[{ required: true }]} />
      <ProForm.Group>
        <ProFormText name="start" label={t('resources.start')} rules={[{ required: true, pattern: CLOCK }]} fieldProps={{ id: 'resource-start', maxLength: 5 }} />
        <ProFormText name="end" label={t('resources.end')} rules={[{ required: true, pattern: CLOCK }]} fieldProps={{ id: 'resource-end', maxLength: 5 }} />
      </ProForm.Group>
      <ProFormText name="address" label={t('units.address')} fieldProps={{ maxLength: 200 }} />
      <ProFormTextArea name="description" label={t('resources.description')} fieldProps={{ maxLength: 2000 }} />
    </ModalForm>
  );
}

/** 预约: a slot inside the resource's windows; an overlap comes back on the start field. */
export function BookModal({ resourceId, onDone }: { resourceId: number; onDone: () => void }) {
  const t = useT();
  const report = useReportError();
  const [form] = Form.useForm();
  return (
    <ModalForm<{ startsAt: string; endsAt: string; party: string; purpose: string; headcount: number }>
      form={form}
      title={t('resources.book')}
      trigger={<Button type="primary" data-testid="resource-book">{t('resources.book')}</Button>}
      modalProps={{ destroyOnClose: true }}
      initialValues={{ headcount: 1 }}
      onFinish={async (values) => {
        try {
          const body = { ...values, startsAt: pickedInstant(values.startsAt), endsAt: pickedInstant(values.endsAt) };
          await call(api.POST('/api/v1/resources/{id}/bookings', { params: { path: { id: resourceId } }, body }));
          onDone();
          return true;
        } catch (error) {
          report(error, form);
          return false;
        }
      }}
    >
      <ProFormDateTimePicker name="startsAt" label={t('resources.startsAt')} rules={[{ required: true }]} fieldProps={{ format: 'YYYY-MM-DD HH:mm' }} />
      <ProFormDateTimePicker name="endsAt" label={t('resources.endsAt')} rules={[{ required: true }]} fieldProps={{ format: 'YYYY-MM-DD HH:mm' }} />
      <ProFormText name="party" label={t('resources.party')} rules={[{ required: true }]} fieldProps={{ maxLength: 100 }} />
      <ProFormText name="purpose" label={t('resources.purpose')} rules={[{ required: true }]} fieldProps={{ maxLength: 500 }} />
      <ProFormDigit name="headcount" label={t('resources.headcount')} min={1} fieldProps={{ precision: 0 }} rules={[{ required: true }]} />
    </ModalForm>
  );
}

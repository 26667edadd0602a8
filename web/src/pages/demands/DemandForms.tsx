import { ModalForm, ProForm, ProFormDatePicker, ProFormDigit, ProFormSelect, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { Button, Form } from 'antd';
import dayjs from 'dayjs';
import { api, call } from '../../api/client';
import type { BodyOf } from '../../api/types';
import { useReportError } from '../../components/errors';
import { TerritorySelect } from '../../components/territory';
import { useT } from '../../i18n';
import { DEMAND_CATEGORIES, useOptions } from '../units/labels';

type DemandBody = BodyOf<'/api/v1/demands'>;
const day = (v: unknown) => (v ? dayjs(v as string).format('YYYY-MM-DD') : undefined);

function DemandFields({ withPlace }: { withPlace: boolean }) {
  const t = useT();
  const options = useOptions();
  return (
    <>
      {withPlace ? (
        <>
          <ProForm.Item name="communityId" label={t('demands.community')} rules={[{ required: true }]}>
            <TerritorySelect levels={['community']} data-testid="demand-community" />
          </ProForm.Item>
          <ProFormText name="title" label={t('demands.titleField')} rules={[{ required: true }]} fieldProps={{ id: 'demand-title', maxLength: 200 }} />
          <ProFormTextArea name="description" label={t('demands.description')} fieldProps={{ maxLength: 2000 }} />
        </>
      ) : (
        <ProFormText name="title" label={t('demands.titleField')} fieldProps={{ maxLength: 200 }} />
      )}
      <ProFormSelect name="category" label={t('resources.category')} options={options('category', DEMAND_CATEGORIES)} rules={[{ required: true }]} fieldProps={{ id: 'demand-category' }} />
      <ProForm.Group>
        <ProFormDigit name="quantity" label={t('demands.quantity')} min={1} fieldProps={{ precision: 0, id: 'demand-quantity' }} rules={[{ required: true }]} />
        <ProFormText name="quantityUnit" label={t('demands.quantityUnit')} fieldProps={{ maxLength: 10 }} />
      </ProForm.Group>
      <ProFormText name="place" label={t('demands.place')} fieldProps={{ maxLength: 200 }} />
      <ProFormDatePicker name="neededBy" label={t('demands.neededBy')} />
    </>
  );
}

/** 发布需求 by community staff. */
export function CreateDemandModal({ onDone }: { onDone: (id: number) => void }) {
  const t = useT();
  const report = useReportError();
  const [form] = Form.useForm();
  return (
    <ModalForm<Record<string, unknown>>
      form={form}
      title={t('demands.create')}
      trigger={<Button type="primary" data-testid="demand-create">{t('demands.create')}</Button>}
      modalProps={{ destroyOnClose: true }}
      initialValues={{ quantity: 1, quantityUnit: '次' }}
      onFinish={async (values) => {
        try {
          const saved = await call(api.POST('/api/v1/demands', { body: { ...values, neededBy: day(values.neededBy) } as DemandBody }));
          onDone(saved.id);
          return true;
        } catch (error) {
          report(error, form);
          return false;
        }
      }}
    >
      <DemandFields withPlace />
    </ModalForm>
  );
}

const FROM_CASE_STATES = ['accepted', 'dispatched', 'handling'];

/** 转为需求 on a case's page: an accepted case that needs outside help joins the demand list. */
export function CaseToDemandButton({ caseId, status, onDone }: { caseId: number; status: string; onDone: (demandId: number) => void }) {
  const t = useT();
  const report = useReportError();
  const [form] = Form.useForm();
  if (!FROM_CASE_STATES.includes(status)) return null;
  return (
    <ModalForm<Record<string, unknown>>
      form={form}
      title={t('demands.fromCase')}
      trigger={<Button data-testid="case-to-demand">{t('demands.fromCase')}</Button>}
      modalProps={{ destroyOnClose: true }}
      initialValues={{ quantity: 1, quantityUnit: '次' }}
      onFinish={async (values) => {
        try {
          const body = { ...values, caseId, neededBy: day(values.neededBy) } as BodyOf<'/api/v1/demands/from-case'>;
          if (!body.title) delete body.title;
          const saved = await call(api.POST('/api/v1/demands/from-case', { body }));
          onDone(saved.id);
          return true;
        } catch (error) {
          report(error, form);
          return false;
        }
      }}
    >
      <DemandFields withPlace={false} />
    </ModalForm>
  );
}

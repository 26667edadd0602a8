import { ModalForm, ProForm, ProFormSelect, ProFormSwitch, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { Form } from 'antd';
import { useEffect, useRef } from 'react';
import { api, call } from '../../api/client';
import { useReportError } from '../../components/errors';
import { TerritorySelect } from '../../components/territory';
import { useT } from '../../i18n';
import { PhotoField } from './CasePhotos';
import { enumOptions, pendingChanged, STAFF_CHANNELS, useCategories, useLabel, type CaseDetail, type Channel } from './labels';

interface Values {
  channel: Channel;
  categoryCode: string;
  description: string;
  territoryId: number;
  address?: string;
  reporterName?: string;
  reporterPhone?: string;
  urgent?: boolean;
  attachmentIds?: number[];
}

const CASE_LEVELS = ['community', 'grid', 'compound', 'building'];

/** randomUUID needs a secure context; a console opened over plain http on a LAN still gets a unique key. */
function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The community a picked place belongs to: itself, or its community ancestor. */
async function communityOf(territoryId: number): Promise<number | null> {
  const node = await call(api.GET('/api/v1/territory/nodes/{id}', { params: { path: { id: territoryId } } }));
  if (node.level === 'community') return node.id;
  return node.ancestors.find((a) => a.level === 'community')?.id ?? null;
}

/**
 * 登记诉求: a grid worker, committee member or community staff records a case
 * on a resident's behalf (visit, 民情热线, 民意信箱, 居民说事, a meeting). A key
 * per opened form makes a double click or a retried request record it once.
 */
export function CreateCaseModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (c: CaseDetail) => void }) {
  const t = useT();
  const label = useLabel();
  const report = useReportError();
  const categories = useCategories();
  const [form] = Form.useForm<Values>();
  const key = useRef('');

  useEffect(() => {
    if (!open) return;
    key.current = newKey();
    form.resetFields();
  }, [open, form]);

  return (
    <ModalForm<Values>
      open={open}
      title={t('cases.create')}
      form={form}
      width={640}
      layout="horizontal"
      labelCol={{ span: 5 }}
      initialValues={{ channel: 'visit', urgent: false }}
      modalProps={{ destroyOnHidden: true, onCancel: onClose }}
      submitter={{ submitButtonProps: { 'data-testid': 'case-create-submit' } as never }}
      onFinish={async (values) => {
        try {
          const communityId = await communityOf(values.territoryId);
          if (communityId === null) {
            form.setFields([{ name: 'territoryId', errors: [t('cases.territoryHint')] }]);
            return false;
          }
          const trim = (s?: string) => s?.trim() || undefined;
          const created = await call(
            api.POST('/api/v1/cases', {
              body: {
                communityId,
                territoryId: values.territoryId,
                channel: values.channel,
                categoryCode: values.categoryCode,
                description: values.description.trim(),
                address: trim(values.address),
                reporterName: trim(values.reporterName),
                reporterPhone: trim(values.reporterPhone),
                urgent: values.urgent ?? false,
                attachmentIds: values.attachmentIds?.length ? values.attachmentIds : undefined,
                idempotencyKey: key.current,
              },
            }),
          );
          pendingChanged();
          onCreated(created);
          return true;
        } catch (error) {
          report(error, form, { communityId: 'territoryId' });
          return false;
        }
      }}
    >
      <ProFormSelect name="channel" label={t('cases.channel')} options={enumOptions(STAFF_CHANNELS, 'channel', label)} rules={[{ required: true }]} fieldProps={{ id: 'case-channel' }} />
      <ProFormSelect
        name="categoryCode"
        label={t('cases.category')}
        options={categories}
        rules={[{ required: true }]}
        fieldProps={{ id: 'case-category', showSearch: true, optionFilterProp: 'label' }}
      />
      <ProFormTextArea
        name="description"
        label={t('cases.description')}
        rules={[{ required: true, whitespace: true }, { max: 2000 }]}
        fieldProps={{ id: 'case-description', rows: 4, showCount: true, maxLength: 2000 }}
      />
      <ProForm.Item name="territoryId" label={t('cases.territory')} rules={[{ required: true }]} extra={t('cases.territoryHint')}>
        <TerritorySelect levels={CASE_LEVELS} placeholder={t('territory.searchSelect')} data-testid="case-territory" />
      </ProForm.Item>
      <ProFormText name="address" label={t('cases.address')} rules={[{ max: 200 }]} fieldProps={{ id: 'case-address' }} />
      <ProFormText name="reporterName" label={t('cases.reporterName')} rules={[{ max: 50 }]} fieldProps={{ id: 'case-reporter-name' }} />
      <ProFormText
        name="reporterPhone"
        label={t('cases.reporterPhone')}
        rules={[{ pattern: /^1[3-9]\d{9}$/, message: t('cases.phoneFormat') }]}
        fieldProps={{ id: 'case-reporter-phone', maxLength: 11 }}
      />
      <ProFormSwitch name="urgent" label={t('cases.urgent')} fieldProps={{ id: 'case-urgent' } as never} />
      <PhotoField />
    </ModalForm>
  );
}

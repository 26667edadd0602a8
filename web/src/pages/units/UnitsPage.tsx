import { ModalForm, PageContainer, ProForm, ProFormDigit, ProFormSelect, ProFormText, ProFormTextArea, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Button, Form } from 'antd';
import { useRef, useState } from 'react';
import { api, call } from '../../api/client';
import { DownloadButton } from '../../components/DownloadButton';
import type { BodyOf, QueryOf, RowOf } from '../../api/types';
import { useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { TerritorySelect } from '../../components/territory';
import { useT } from '../../i18n';
import { SOCIAL_CATEGORIES, StateTag, UNIT_KINDS, useOptions, useValueEnum } from './labels';
import { UnitDrawer } from './UnitDrawer';
import { ListTable } from '../../components/ListTable';

type Row = RowOf<'/api/v1/units'>;
type RegisterBody = BodyOf<'/api/v1/units'>;

/** 报到登记: a unit's contact registers the unit to a community with its party organisation, contact and offer. */
export function RegisterUnitModal({ onDone }: { onDone: (id: number) => void }) {
  const t = useT();
  const report = useReportError();
  const options = useOptions();
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form);
  return (
    <ModalForm<RegisterBody>
      form={form}
      title={t('units.register')}
      trigger={<Button type="primary" data-testid="unit-register">{t('units.register')}</Button>}
      modalProps={{ destroyOnClose: true }}
      onFinish={async (values) => {
        try {
          const saved = await call(api.POST('/api/v1/units', { body: values }));
          onDone(saved.id);
          return true;
        } catch (error) {
          report(error, form);
          return false;
        }
      }}
    >
      <ProForm.Item name="communityId" label={t('units.community')} rules={[{ required: true }]}>
        <TerritorySelect levels={['community']} data-testid="unit-community" />
      </ProForm.Item>
      <ProFormText name="name" label={t('units.name')} rules={[{ required: true }]} fieldProps={{ id: 'unit-name', maxLength: 100 }} />
      <ProFormSelect name="kind" label={t('units.kind')} options={options('units.kind', UNIT_KINDS)} rules={[{ required: true }]} fieldProps={{ id: 'unit-kind' }} />
      {kind === 'social_org' ? <ProFormSelect name="socialCategory" label={t('units.socialCategory')} options={options('units.social', SOCIAL_CATEGORIES)} rules={[{ required: true }]} /> : null}
      <ProFormText name="creditCode" label={t('units.creditCode')} fieldProps={{ maxLength: 18 }} />
      <ProFormText name="partyOrgName" label={t('units.partyOrg')} fieldProps={{ id: 'unit-party-org', maxLength: 100 }} />
      <ProFormDigit name="partyMemberCount" label={t('units.partyMemberCount')} min={0} fieldProps={{ precision: 0 }} />
      <ProFormText name="contactName" label={t('units.contactName')} rules={[{ required: true }]} fieldProps={{ id: 'unit-contact-name', maxLength: 50 }} />
      <ProFormText name="contactPhone" label={t('units.contactPhone')} rules={[{ required: true }]} fieldProps={{ id: 'unit-contact-phone', maxLength: 11 }} />
      <ProFormText name="address" label={t('units.address')} fieldProps={{ maxLength: 200 }} />
      <ProFormTextArea name="offer" label={t('units.offer')} fieldProps={{ id: 'unit-offer', maxLength: 2000 }} />
    </ModalForm>
  );
}

/** 共建单位: units registered in my area (or mine, for a unit's contact), with their registration state. */
export default function UnitsPage() {
  const t = useT();
  const { can } = useSession();
  const valueEnum = useValueEnum();
  const ref = useRef<ActionType>(undefined);
  // The filters of the list as last loaded: the export takes the same ones.
  const filters = useRef<QueryOf<'/api/v1/units'>>({});
  const [open, setOpen] = useState<number | null>(null);
  const columns: ProColumns<Row>[] = [
    { title: t('units.name'), dataIndex: 'keyword', hideInTable: true },
    {
      title: t('units.name'),
      dataIndex: 'name',
      search: false,
      render: (_, r) => (
        <a onClick={() => setOpen(r.id)} data-testid="unit-link">
          {r.name}
        </a>
      ),
    },
    { title: t('units.community'), dataIndex: 'communityName', search: false },
    { title: t('units.kind'), dataIndex: 'kind', valueType: 'select', valueEnum: valueEnum('units.kind', UNIT_KINDS) },
    { title: t('units.partyOrg'), dataIndex: 'partyOrgName', search: false, render: (_, r) => r.partyOrgName ?? '—' },
    { title: t('units.partyMemberCount'), dataIndex: 'partyMemberCount', search: false, align: 'right' },
    { title: t('units.contactName'), dataIndex: 'contactName', search: false },
    { title: t('units.contactPhone'), dataIndex: 'contactPhone', search: false },
    {
      title: t('units.status'),
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: valueEnum('units.status', ['pending', 'confirmed', 'rejected', 'withdrawn']),
      render: (_, r) => <StateTag prefix="units.status" status={r.status} testId="unit-status" />,
    },
  ];
  return (
    <PageContainer title={t('units.title')}>
      <ListTable<Row>
        rowKey="id"
        actionRef={ref}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: false, reload: true }}
        toolBarRender={() => [
          <DownloadButton key="export" request={() => api.GET('/api/v1/units/export', { params: { query: filters.current }, parseAs: 'blob' })} fileName="units.xlsx" />,
          ...(can('unit:act') || can('unit:write') ? [<RegisterUnitModal key="register" onDone={(id) => (void ref.current?.reload(), setOpen(id))} />] : []),
        ]}
        request={async (params) => {
          const query = {
            current: params.current,
            pageSize: params.pageSize,
            ...(params.keyword ? { keyword: String(params.keyword).trim() } : {}),
            ...(params.status ? { status: params.status as Row['status'] } : {}),
            ...(params.kind ? { kind: params.kind as Row['kind'] } : {}),
          };
          filters.current = { ...query, current: undefined, pageSize: undefined };
          const page = await call(api.GET('/api/v1/units', { params: { query } }));
          return { data: page.data, total: page.total, success: true };
        }}
      />
      {open !== null ? <UnitDrawer id={open} onClose={() => setOpen(null)} onChanged={() => void ref.current?.reload()} /> : null}
    </PageContainer>
  );
}

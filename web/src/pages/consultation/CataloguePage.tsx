import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormSelect, ProFormText, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Button, Form, Popconfirm, Space } from 'antd';
import { useRef } from 'react';
import { api, call } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { TerritorySelect } from '../../components/territory';
import { useT } from '../../i18n';
import { useLabel, useOptions } from './labels';
import { ListTable } from '../../components/ListTable';

type Entry = ResponseOf<'/api/v1/consultations/catalogue'>[number];
const REQUIREMENTS = ['must', 'may', 'excluded'] as const;

/** 协商目录: the categories that must / may go to consultation, per city, district, street or community, over the defaults. */
export default function CataloguePage() {
  const t = useT();
  const label = useLabel();
  const options = useOptions();
  const report = useReportError();
  const { can } = useSession();
  const ref = useRef<ActionType>(null);
  const [form] = Form.useForm();
  const reload = () => ref.current?.reload();

  const columns: ProColumns<Entry>[] = [
    { title: t('consultation.category'), dataIndex: 'category' },
    { title: t('consultation.requirement'), dataIndex: 'requirement', width: 120, render: (_, r) => label('consultation.requirement.', r.requirement) },
    { title: t('consultation.scope'), dataIndex: 'territoryName', width: 160, render: (_, r) => (r.territoryId === null ? t('consultation.scopeDefault') : r.territoryName) },
    { title: t('consultation.note'), dataIndex: 'note', ellipsis: true },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 220,
      render: (_, r) =>
        r.editable ? (
          <Space>
            {REQUIREMENTS.filter((q) => q !== r.requirement).map((q) => (
              <Button key={q} size="small" onClick={() => call(api.PUT('/api/v1/consultations/catalogue/{id}', { params: { path: { id: r.id } }, body: { version: r.version, requirement: q, note: r.note ?? undefined } })).then(reload, report)}>
                {label('consultation.requirement.', q)}
              </Button>
            ))}
            <Popconfirm title={t('consultation.delete')} onConfirm={() => call(api.DELETE('/api/v1/consultations/catalogue/{id}', { params: { path: { id: r.id } } })).then(reload, report)}>
              <Button size="small" danger>{t('consultation.delete')}</Button>
            </Popconfirm>
          </Space>
        ) : null,
    },
  ];

  return (
    <PageContainer title={t('menu.consultationCatalogue')}>
      <ListTable<Entry>
        rowKey="id"
        actionRef={ref}
        columns={columns}
        search={false}
        pagination={{ defaultPageSize: 50 }}
        request={async () => ({ data: await call(api.GET('/api/v1/consultations/catalogue')), success: true })}
        toolBarRender={() => [
          can('consultation:config') ? (
            <ModalForm<{ territoryId?: number; category: string; requirement: Entry['requirement']; note?: string }>
              key="add"
              form={form}
              title={t('consultation.catalogueAdd')}
              trigger={<Button type="primary" icon={<PlusOutlined />}>{t('consultation.catalogueAdd')}</Button>}
              modalProps={{ destroyOnHidden: true }}
              initialValues={{ requirement: 'may' }}
              onFinish={async (v) => {
                try {
                  await call(api.POST('/api/v1/consultations/catalogue', { body: { territoryId: v.territoryId ?? null, category: v.category.trim(), requirement: v.requirement, note: v.note?.trim() || undefined } }));
                  reload();
                  return true;
                } catch (error) {
                  report(error, form);
                  return false;
                }
              }}
            >
              <Form.Item name="territoryId" label={t('consultation.scope')}>
                <TerritorySelect levels={['city', 'district', 'street', 'community']} placeholder={t('consultation.scopeDefault')} />
              </Form.Item>
              <ProFormText name="category" label={t('consultation.category')} rules={[{ required: true, whitespace: true }, { max: 50 }]} />
              <ProFormSelect name="requirement" label={t('consultation.requirement')} options={options('consultation.requirement.', REQUIREMENTS)} rules={[{ required: true }]} />
              <ProFormText name="note" label={t('consultation.note')} />
            </ModalForm>
          ) : null,
        ]}
      />
    </PageContainer>
  );
}

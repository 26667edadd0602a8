import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProForm, ProFormText, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Form, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, call } from '../../api/client';
import { useReportError } from '../../components/errors';
import { TerritorySelect } from '../../components/territory';
import { useT } from '../../i18n';
import { MembersDrawer, type DepartmentRow } from './MembersDrawer';
import { ListTable } from '../../components/ListTable';

interface Values {
  territoryId?: number;
  name: string;
  code?: string;
}

/** Creates a department of a district (or the city), or renames one. */
function DepartmentForm({ open, department, onClose, onSaved }: { open: boolean; department: DepartmentRow | null; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const report = useReportError();
  const [form] = Form.useForm<Values>();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (department) form.setFieldsValue({ name: department.name });
  }, [open, department, form]);
  return (
    <ModalForm<Values>
      open={open}
      title={department ? t('dept.edit') : t('dept.create')}
      form={form}
      width={520}
      modalProps={{ destroyOnHidden: true, onCancel: onClose }}
      onFinish={async (values) => {
        try {
          if (department) {
            await call(api.PATCH('/api/v1/departments/{id}', { params: { path: { id: department.id } }, body: { name: values.name.trim(), version: department.version } }));
          } else {
            await call(api.POST('/api/v1/departments', { body: { territoryId: values.territoryId!, name: values.name.trim(), code: values.code!.trim() } }));
          }
          onSaved();
          return true;
        } catch (error) {
          report(error, form);
          return false;
        }
      }}
    >
      {department ? null : (
        <ProForm.Item name="territoryId" label={t('dept.territory')} rules={[{ required: true }]}>
          <TerritorySelect levels={['city', 'district']} placeholder={t('territory.searchSelect')} data-testid="dept-territory" />
        </ProForm.Item>
      )}
      <ProFormText name="name" label={t('dept.name')} rules={[{ required: true, whitespace: true }, { max: 100 }]} fieldProps={{ id: 'dept-name' }} />
      {department ? null : (
        <ProFormText
          name="code"
          label={t('dept.code')}
          extra={t('dept.codeHint')}
          rules={[{ required: true }, { pattern: /^[a-z0-9][a-z0-9_-]{1,39}$/, message: t('dept.codeHint') }]}
          fieldProps={{ id: 'dept-code' }}
        />
      )}
    </ModalForm>
  );
}

/** 职能部门: the district departments that receive whistles (吹哨报到), with their members. */
export default function DepartmentsPage() {
  const t = useT();
  const { modal, message } = App.useApp();
  const report = useReportError();
  const action = useRef<ActionType>(null);
  const [editing, setEditing] = useState<DepartmentRow | null>(null);
  const [creating, setCreating] = useState(false);
  const [members, setMembers] = useState<DepartmentRow | null>(null);
  const reload = () => action.current?.reload();

  const setEnabled = async (d: DepartmentRow, enabled: boolean) => {
    try {
      await call(api.PATCH('/api/v1/departments/{id}', { params: { path: { id: d.id } }, body: { enabled, version: d.version } }));
      message.success(t('common.saved'));
      reload();
    } catch (error) {
      report(error);
    }
  };

  const columns: ProColumns<DepartmentRow>[] = [
    { title: t('cases.keyword'), dataIndex: 'keyword', hideInTable: true },
    { title: t('dept.name'), dataIndex: 'name', search: false, render: (_, d) => <Typography.Text strong>{d.name}</Typography.Text> },
    {
      title: t('dept.territory'),
      dataIndex: 'territoryId',
      width: 160,
      render: (_, d) => d.territoryName,
      renderFormItem: () => <TerritorySelect levels={['city', 'district']} placeholder={t('territory.searchSelect')} />,
    },
    { title: t('dept.code'), dataIndex: 'code', search: false, width: 140, render: (_, d) => <Typography.Text code>{d.code}</Typography.Text> },
    { title: t('common.status'), dataIndex: 'enabled', search: false, width: 90, render: (_, d) => (d.enabled ? <Tag color="success">{t('common.enabled')}</Tag> : <Tag>{t('common.disabled')}</Tag>) },
    { title: t('dept.memberCount'), dataIndex: 'memberCount', search: false, width: 90 },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 200,
      render: (_, d) => [
        <a key="members" onClick={() => setMembers(d)} data-testid="dept-members">
          {t('dept.manageMembers')}
        </a>,
        <a key="edit" onClick={() => setEditing(d)}>
          {t('common.edit')}
        </a>,
        d.enabled ? (
          <a key="disable" onClick={() => modal.confirm({ title: t('dept.disableConfirm', { name: d.name }), okButtonProps: { danger: true }, onOk: () => setEnabled(d, false) })}>
            {t('common.disable')}
          </a>
        ) : (
          <a key="enable" onClick={() => void setEnabled(d, true)}>
            {t('common.enable')}
          </a>
        ),
      ],
    },
  ];

  return (
    <PageContainer title={t('dept.title')}>
      <ListTable<DepartmentRow>
        rowKey="id"
        actionRef={action}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: false, setting: true, reload: true }}
        request={async (params) => {
          const keyword = typeof params.keyword === 'string' ? params.keyword.trim() : '';
          const territoryId = typeof params.territoryId === 'number' ? params.territoryId : undefined;
          const page = await call(
            api.GET('/api/v1/departments', { params: { query: { current: params.current, pageSize: params.pageSize, ...(keyword ? { keyword } : {}), ...(territoryId ? { territoryId } : {}) } } }),
          );
          return { data: page.data, total: page.total, success: true };
        }}
        toolBarRender={() => [
          <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="dept-create">
            {t('dept.create')}
          </Button>,
        ]}
      />
      <DepartmentForm
        open={creating || editing !== null}
        department={editing}
        onClose={() => {
          setCreating(false);
          setEditing(null);
        }}
        onSaved={() => {
          setCreating(false);
          setEditing(null);
          message.success(t('common.saved'));
          reload();
        }}
      />
      <MembersDrawer department={members} onClose={() => setMembers(null)} onChanged={reload} />
    </PageContainer>
  );
}

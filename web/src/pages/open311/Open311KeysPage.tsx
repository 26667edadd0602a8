import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProForm, ProFormDigit, ProFormText, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Alert, App, Button, Descriptions, Form, Modal, Typography } from 'antd';
import { useRef, useState } from 'react';
import { api, call } from '../../api/client';
import type { QueryOf, ResponseOf, RowOf } from '../../api/types';
import { useReportError } from '../../components/errors';
import { TerritorySelect } from '../../components/territory';
import { useT } from '../../i18n';
import { formatTime } from '../../time';
import { ListTable } from '../../components/ListTable';

type KeyRow = RowOf<'/api/v1/open311-keys'>;
type KeyQuery = QueryOf<'/api/v1/open311-keys'>;
type CreatedKey = ResponseOf<'/api/v1/open311-keys', 'post'>;

/** Open311 接口密钥: keys of third-party apps, each limited to a territory; the key itself is shown once. */
export default function Open311KeysPage() {
  const t = useT();
  const { modal, message } = App.useApp();
  const report = useReportError();
  const action = useRef<ActionType>(null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [form] = Form.useForm<{ name: string; territoryId: number; ratePerMinute?: number }>();

  const setEnabled = async (row: KeyRow, enabled: boolean) => {
    try {
      await call(api.PATCH('/api/v1/open311-keys/{id}', { params: { path: { id: row.id } }, body: { enabled, version: row.version } }));
      message.success(t('common.saved'));
      void action.current?.reload();
    } catch (error) {
      report(error);
    }
  };

  const columns: ProColumns<KeyRow>[] = [
    { title: t('open311.keyword'), dataIndex: 'keyword', hideInTable: true, fieldProps: { 'data-testid': 'open311-keyword' } },
    { title: t('open311.name'), dataIndex: 'name', search: false, width: 200 },
    { title: t('open311.prefix'), dataIndex: 'keyPrefix', search: false, width: 150, render: (_, row) => <Typography.Text code>{row.keyPrefix}…</Typography.Text> },
    { title: t('open311.territory'), dataIndex: 'territoryName', search: false, width: 150 },
    {
      title: t('common.status'),
      dataIndex: 'enabled',
      valueType: 'select',
      width: 100,
      valueEnum: { true: { text: t('common.enabled'), status: 'Success' }, false: { text: t('common.disabled'), status: 'Default' } },
    },
    { title: t('open311.rate'), dataIndex: 'ratePerMinute', search: false, width: 100 },
    { title: t('open311.lastUsed'), dataIndex: 'lastUsedAt', search: false, width: 170, render: (_, row) => (row.lastUsedAt ? formatTime(row.lastUsedAt) : t('open311.never')) },
    { title: t('common.createdAt'), dataIndex: 'createdAt', search: false, width: 170, render: (_, row) => formatTime(row.createdAt) },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 90,
      render: (_, row) =>
        row.enabled ? (
          <a
            key="disable"
            data-testid="open311-disable"
            onClick={() => modal.confirm({ title: t('open311.disableConfirm', { name: row.name }), onOk: () => setEnabled(row, false) })}
          >
            {t('common.disable')}
          </a>
        ) : (
          <a key="enable" data-testid="open311-enable" onClick={() => void setEnabled(row, true)}>
            {t('common.enable')}
          </a>
        ),
    },
  ];

  return (
    <PageContainer title={t('menu.open311Keys')}>
      <Alert type="info" showIcon message={t('open311.intro')} style={{ marginBottom: 16 }} />
      <ListTable<KeyRow>
        rowKey="id"
        actionRef={action}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        data-testid="open311-keys"
        request={async (params) => {
          const { current, pageSize, keyword, enabled } = params as Record<string, unknown>;
          const query: KeyQuery = { current: current as number, pageSize: pageSize as number };
          if (typeof keyword === 'string' && keyword.trim()) query.keyword = keyword.trim();
          if (enabled === 'true' || enabled === 'false') query.enabled = enabled === 'true';
          const page = await call(api.GET('/api/v1/open311-keys', { params: { query } }));
          return { data: page.data, total: page.total, success: true };
        }}
        toolBarRender={() => [
          <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="open311-create">
            {t('open311.create')}
          </Button>,
        ]}
      />
      <ModalForm
        open={creating}
        title={t('open311.create')}
        form={form}
        width={520}
        modalProps={{ destroyOnHidden: true, onCancel: () => setCreating(false) }}
        onFinish={async (values) => {
          try {
            const result = await call(
              api.POST('/api/v1/open311-keys', {
                body: { name: values.name.trim(), territoryId: values.territoryId, ...(values.ratePerMinute ? { ratePerMinute: values.ratePerMinute } : {}) },
              }),
            );
            setCreating(false);
            form.resetFields();
            setCreated(result);
            void action.current?.reload();
            return true;
          } catch (error) {
            report(error, form);
            return false;
          }
        }}
      >
        <ProFormText name="name" label={t('open311.name')} rules={[{ required: true, whitespace: true }, { max: 100 }]} fieldProps={{ id: 'open311-name' }} />
        <ProForm.Item name="territoryId" label={t('open311.territory')} rules={[{ required: true }]} extra={t('open311.territoryHint')}>
          <TerritorySelect data-testid="open311-territory" />
        </ProForm.Item>
        <ProFormDigit name="ratePerMinute" label={t('open311.rate')} min={1} max={6000} placeholder="30" fieldProps={{ precision: 0 }} />
      </ModalForm>
      <Modal
        open={created !== null}
        title={t('open311.created')}
        onOk={() => setCreated(null)}
        onCancel={() => setCreated(null)}
        cancelButtonProps={{ style: { display: 'none' } }}
        maskClosable={false}
        destroyOnHidden
      >
        {created ? (
          <>
            <Descriptions column={1} bordered size="small" style={{ marginBottom: 16 }}>
              <Descriptions.Item label={t('open311.name')}>{created.name}</Descriptions.Item>
              <Descriptions.Item label={t('open311.territory')}>{created.territoryName}</Descriptions.Item>
              <Descriptions.Item label={t('open311.key')}>
                <Typography.Text code copyable={{ text: created.key }} data-testid="open311-created-key">
                  {created.key}
                </Typography.Text>
              </Descriptions.Item>
            </Descriptions>
            <Alert type="warning" showIcon message={t('open311.keyOnce')} />
          </>
        ) : null}
      </Modal>
    </PageContainer>
  );
}

import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProCard, ProFormDigit, ProFormText, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Badge, Button, Empty, Form, List, Popconfirm, Switch, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, call } from '../../api/client';
import type { RowOf } from '../../api/types';
import { useReportError } from '../../components/errors';
import { useI18n } from '../../i18n';
import { ListTable } from '../../components/ListTable';

type DictType = RowOf<'/api/v1/dicts'>;
type DictItem = RowOf<'/api/v1/dicts/{type}/items'>;
type ItemValues = { code: string; label: string; labelEn?: string; sort?: number };

/** 数据字典: the option lists the console offers (categories, member types…), maintained here; disabled, never deleted. */
export default function DictsPage() {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const report = useReportError();
  const [types, setTypes] = useState<DictType[] | null>(null);
  const [current, setCurrent] = useState<string | null>(null);
  const [includeDisabled, setIncludeDisabled] = useState(true);
  const [editing, setEditing] = useState<DictItem | null>(null);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<ItemValues>();
  const action = useRef<ActionType>(null);

  useEffect(() => {
    call(api.GET('/api/v1/dicts', { params: { query: { pageSize: 200 } } }))
      .then((page) => {
        setTypes(page.data);
        if (page.data[0]) setCurrent((c) => c ?? page.data[0]!.code);
      })
      .catch((error) => {
        setTypes([]);
        report(error);
      });
  }, [report]);

  useEffect(() => {
    action.current?.reload();
  }, [current, includeDisabled]);

  const typeName = (d: DictType) => (language === 'en-US' ? d.nameEn : d.name);
  const currentType = types?.find((d) => d.code === current);

  const setEnabled = async (item: DictItem, enabled: boolean) => {
    try {
      await call(api.PATCH('/api/v1/dicts/items/{id}', { params: { path: { id: item.id } }, body: { enabled, version: item.version } }));
      message.success(t('common.saved'));
      action.current?.reload();
    } catch (error) {
      report(error);
    }
  };

  const columns: ProColumns<DictItem>[] = [
    { title: t('dicts.code'), dataIndex: 'code', width: 170, render: (_, r) => <Typography.Text code>{r.code}</Typography.Text> },
    { title: t('dicts.label'), dataIndex: 'label', width: 140 },
    { title: t('dicts.labelEn'), dataIndex: 'labelEn' },
    { title: t('dicts.sort'), dataIndex: 'sort', width: 70 },
    {
      title: t('dicts.enabled'),
      dataIndex: 'enabled',
      width: 90,
      render: (_, r) => <Badge status={r.enabled ? 'success' : 'default'} text={r.enabled ? t('common.enabled') : t('common.disabled')} />,
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 110,
      render: (_, r) => [
        <a key="edit" onClick={() => setEditing(r)} data-testid="dict-item-edit">
          {t('common.edit')}
        </a>,
        <Popconfirm key="toggle" title={r.enabled ? t('common.disable') : t('common.enable')} onConfirm={() => setEnabled(r, !r.enabled)}>
          <a data-testid="dict-item-toggle">{r.enabled ? t('common.disable') : t('common.enable')}</a>
        </Popconfirm>,
      ],
    },
  ];

  const open = creating || editing !== null;
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (editing) form.setFieldsValue({ code: editing.code, label: editing.label, labelEn: editing.labelEn ?? '', sort: editing.sort });
  }, [open, editing, form]);

  return (
    <PageContainer title={t('dicts.title')}>
      <ProCard split="vertical" bordered>
        <ProCard colSpan={{ xs: 24, md: 8, xl: 6 }} title={t('dicts.types')} headerBordered loading={types === null}>
          {types && types.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : null}
          <List
            size="small"
            dataSource={types ?? []}
            data-testid="dict-types"
            renderItem={(d) => (
              <List.Item
                onClick={() => setCurrent(d.code)}
                style={{ cursor: 'pointer', paddingInline: 12, background: d.code === current ? '#fff1f0' : undefined, borderRadius: 4 }}
                data-testid="dict-type"
                extra={
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('dicts.itemCount', { count: d.enabledCount })}
                  </Typography.Text>
                }
              >
                <List.Item.Meta
                  title={typeName(d)}
                  description={
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {d.code}
                    </Typography.Text>
                  }
                />
              </List.Item>
            )}
          />
        </ProCard>
        <ProCard colSpan={{ xs: 24, md: 16, xl: 18 }} title={currentType ? `${t('dicts.items')} · ${typeName(currentType)}` : t('dicts.items')} headerBordered>
          {current ? (
            <ListTable<DictItem>
              rowKey="id"
              actionRef={action}
              columns={columns}
              search={false}
              pagination={false}
              options={{ density: false, setting: false, reload: true }}
              params={{ type: current, includeDisabled }}
              request={async () => {
                const page = await call(api.GET('/api/v1/dicts/{type}/items', { params: { path: { type: current }, query: { includeDisabled, pageSize: 200 } } }));
                return { data: page.data, total: page.total, success: true };
              }}
              toolBarRender={() => [
                <span key="disabled">
                  <Switch size="small" checked={includeDisabled} onChange={setIncludeDisabled} /> {t('dicts.includeDisabled')}
                </span>,
                <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="dict-item-create">
                  {t('dicts.createItem')}
                </Button>,
              ]}
            />
          ) : (
            <Empty description={t('dicts.pickType')} />
          )}
        </ProCard>
      </ProCard>
      <ModalForm<ItemValues>
        open={open}
        title={editing ? t('dicts.editItem') : t('dicts.createItem')}
        form={form}
        width={480}
        modalProps={{
          destroyOnHidden: true,
          onCancel: () => {
            setCreating(false);
            setEditing(null);
          },
        }}
        onFinish={async (values) => {
          if (!current) return false;
          try {
            const labelEn = values.labelEn?.trim();
            if (editing) {
              await call(
                api.PATCH('/api/v1/dicts/items/{id}', {
                  params: { path: { id: editing.id } },
                  body: { label: values.label.trim(), ...(labelEn ? { labelEn } : {}), ...(values.sort != null ? { sort: values.sort } : {}), version: editing.version },
                }),
              );
            } else {
              await call(
                api.POST('/api/v1/dicts/{type}/items', {
                  params: { path: { type: current } },
                  body: { code: values.code.trim(), label: values.label.trim(), labelEn: labelEn ?? '', ...(values.sort != null ? { sort: values.sort } : {}) },
                }),
              );
            }
            message.success(t('common.saved'));
            setCreating(false);
            setEditing(null);
            action.current?.reload();
            return true;
          } catch (error) {
            report(error, form);
            return false;
          }
        }}
      >
        <ProFormText
          name="code"
          label={t('dicts.code')}
          disabled={!!editing}
          extra={editing ? undefined : t('dicts.codeHint')}
          rules={[{ required: true, whitespace: true }, { max: 40 }]}
        />
        <ProFormText name="label" label={t('dicts.label')} rules={[{ required: true, whitespace: true }, { max: 50 }]} />
        <ProFormText name="labelEn" label={t('dicts.labelEn')} rules={[{ required: true, whitespace: true }, { max: 80 }]} />
        <ProFormDigit name="sort" label={t('dicts.sort')} fieldProps={{ precision: 0 }} />
      </ModalForm>
    </PageContainer>
  );
}

import { ClearOutlined, DragOutlined, EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { ModalForm, ProForm, ProFormDigit, ProFormSelect, ProFormText } from '@ant-design/pro-components';
import { App, Button, Descriptions, Divider, Form, Popconfirm, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { api, call } from '../../api/client';
import type { BodyOf } from '../../api/types';
import { useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { BOUNDARY_LEVELS, CHILD_LEVELS, LevelTag, MANAGED_LEVELS, TerritorySelect, levelLabel } from '../../components/territory';
import { useT } from '../../i18n';
import { QR_LEVELS, QrCodeButton } from '../resident/QrCodeButton';
import { BoundaryPreview } from './BoundaryPreview';
import type { NodeDetailData } from './TerritoryPage';

export interface Change {
  /** Parents whose child lists to re-read; null = the roots. */
  refresh: (number | null)[];
  /** Jump to this node afterwards. */
  select?: number;
  /** Open this node afterwards. */
  expand?: number;
}

/** Where a node of each managed level may live (the server checks the same rule). */
const PARENT_LEVELS: Record<string, string[]> = {
  grid: ['community'],
  compound: ['grid'],
  building: ['compound', 'grid'],
};

type Boundary = BodyOf<'/api/v1/territory/nodes/{id}/boundary', 'put'>;
type CreateBody = BodyOf<'/api/v1/territory/nodes', 'post'>;

export function NodeDetail({ node, onChanged }: { node: NodeDetailData; onChanged: (change: Change) => Promise<void> }) {
  const t = useT();
  const { can } = useSession();
  const { message } = App.useApp();
  const report = useReportError();
  const [createForm] = Form.useForm();
  const [editForm] = Form.useForm();
  const [moveForm] = Form.useForm();
  const fileInput = useRef<HTMLInputElement>(null);
  const [boundaryBusy, setBoundaryBusy] = useState(false);

  const canWrite = can('territory:write');
  const managed = MANAGED_LEVELS.has(node.level);
  const canEdit = canWrite && (managed || can('territory:admin'));
  const childLevels = CHILD_LEVELS[node.level] ?? [];
  const parentId = node.parentId ?? null;
  const fullPath = [...node.ancestors.map((a) => a.name), node.name].join(' / ');

  const uploadBoundary = async (file: File) => {
    let geojson: unknown;
    try {
      geojson = JSON.parse(await file.text());
    } catch (error) {
      message.error(t('territory.badGeoJson', { reason: error instanceof Error ? error.message : String(error) }));
      return;
    }
    setBoundaryBusy(true);
    try {
      await call(api.PUT('/api/v1/territory/nodes/{id}/boundary', { params: { path: { id: node.id } }, body: geojson as Boundary }));
      message.success(t('territory.boundarySaved'));
      await onChanged({ refresh: [parentId] });
    } catch (error) {
      report(error);
    } finally {
      setBoundaryBusy(false);
    }
  };

  const clearBoundary = async () => {
    try {
      await call(api.DELETE('/api/v1/territory/nodes/{id}/boundary', { params: { path: { id: node.id } } }));
      message.success(t('territory.boundaryCleared'));
      await onChanged({ refresh: [parentId] });
    } catch (error) {
      report(error);
    }
  };

  return (
    <div data-testid="territory-detail">
      <Space align="center" style={{ marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="territory-detail-name">
          {node.name}
        </Typography.Title>
        <LevelTag level={node.level} />
      </Space>
      <Descriptions column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }} size="small" bordered>
        <Descriptions.Item label={t('territory.level')}>{levelLabel(t, node.level)}</Descriptions.Item>
        <Descriptions.Item label={t('territory.code')}>{node.code ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('territory.path')} span="filled">
          <span data-testid="territory-detail-path">{fullPath}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('territory.children')}>{node.childCount}</Descriptions.Item>
        <Descriptions.Item label={t('territory.boundary')}>
          {node.hasBoundary ? <Tag color="green">{t('territory.boundarySet')}</Tag> : <Tag>{t('territory.boundaryNone')}</Tag>}
        </Descriptions.Item>
      </Descriptions>

      {canWrite ? (
        <Space wrap style={{ marginTop: 16 }}>
          {childLevels.length > 0 ? (
            <ModalForm<{ level: string; name: string }>
              title={t('territory.createTitle', { name: node.name })}
              form={createForm}
              width={480}
              modalProps={{ destroyOnHidden: true }}
              initialValues={{ level: childLevels[0] }}
              trigger={
                <Button type="primary" icon={<PlusOutlined />} data-testid="territory-create-child">
                  {t('territory.createChild')}
                </Button>
              }
              onFinish={async (values) => {
                try {
                  const created = await call(
                    api.POST('/api/v1/territory/nodes', {
                      body: { parentId: node.id, level: values.level as CreateBody['level'], name: values.name.trim() },
                    }),
                  );
                  message.success(t('territory.created', { name: created.name }));
                  await onChanged({ refresh: [node.id, parentId], select: created.id, expand: node.id });
                  return true;
                } catch (error) {
                  report(error, createForm);
                  return false;
                }
              }}
            >
              <ProFormSelect
                name="level"
                label={t('territory.level')}
                rules={[{ required: true }]}
                options={childLevels.map((l) => ({ value: l, label: levelLabel(t, l) }))}
                fieldProps={{ allowClear: false }}
              />
              <ProFormText name="name" label={t('territory.name')} rules={[{ required: true, whitespace: true }, { max: 100 }]} />
            </ModalForm>
          ) : null}

          {canEdit ? (
            <ModalForm<{ name: string; sort?: number }>
              title={t('territory.editName')}
              form={editForm}
              width={480}
              modalProps={{ destroyOnHidden: true }}
              initialValues={{ name: node.name, sort: node.sort }}
              trigger={
                <Button icon={<EditOutlined />} data-testid="territory-edit">
                  {t('territory.editName')}
                </Button>
              }
              onFinish={async (values) => {
                try {
                  await call(
                    api.PATCH('/api/v1/territory/nodes/{id}', {
                      params: { path: { id: node.id } },
                      body: { name: values.name.trim(), ...(values.sort != null ? { sort: values.sort } : {}), version: node.version },
                    }),
                  );
                  message.success(t('common.saved'));
                  await onChanged({ refresh: [parentId] });
                  return true;
                } catch (error) {
                  report(error, editForm);
                  return false;
                }
              }}
            >
              <ProFormText name="name" label={t('territory.name')} rules={[{ required: true, whitespace: true }, { max: 100 }]} />
              <ProFormDigit name="sort" label={t('territory.sort')} fieldProps={{ precision: 0 }} min={0} />
            </ModalForm>
          ) : null}

          {managed ? (
            <ModalForm<{ parentId: number }>
              title={t('territory.moveTitle', { name: node.name })}
              form={moveForm}
              width={560}
              modalProps={{ destroyOnHidden: true }}
              trigger={
                <Button icon={<DragOutlined />} data-testid="territory-move">
                  {t('territory.move')}
                </Button>
              }
              onFinish={async (values) => {
                try {
                  await call(
                    api.POST('/api/v1/territory/nodes/{id}/move', {
                      params: { path: { id: node.id } },
                      body: { parentId: values.parentId, version: node.version },
                    }),
                  );
                  message.success(t('territory.moved'));
                  await onChanged({ refresh: [parentId, values.parentId], select: node.id });
                  return true;
                } catch (error) {
                  report(error, moveForm);
                  return false;
                }
              }}
            >
              <Typography.Paragraph type="secondary">
                {t('territory.parent')}：{node.ancestors.map((a) => a.name).join(' / ')}
              </Typography.Paragraph>
              <ProForm.Item name="parentId" label={t('territory.newParent')} rules={[{ required: true }]}>
                <TerritorySelect levels={PARENT_LEVELS[node.level] ?? []} exclude={[node.id, ...(parentId ? [parentId] : [])]} data-testid="territory-move-parent" />
              </ProForm.Item>
            </ModalForm>
          ) : null}

          {BOUNDARY_LEVELS.has(node.level) ? (
            <>
              <input
                ref={fileInput}
                type="file"
                accept=".json,.geojson,application/json,application/geo+json"
                style={{ display: 'none' }}
                data-testid="territory-boundary-file"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  e.target.value = '';
                  if (file) void uploadBoundary(file);
                }}
              />
              <Button icon={<UploadOutlined />} loading={boundaryBusy} onClick={() => fileInput.current?.click()} data-testid="territory-boundary-upload">
                {t('territory.uploadBoundary')}
              </Button>
              {node.hasBoundary ? (
                <Popconfirm title={t('territory.clearBoundaryConfirm', { name: node.name })} onConfirm={clearBoundary}>
                  <Button danger icon={<ClearOutlined />}>
                    {t('territory.clearBoundary')}
                  </Button>
                </Popconfirm>
              ) : null}
            </>
          ) : null}
        </Space>
      ) : null}
      {QR_LEVELS.has(node.level) ? (
        <div style={{ marginTop: 12 }}>
          <QrCodeButton nodeId={node.id} name={node.name} />
        </div>
      ) : null}
      {canWrite && !managed && !can('territory:admin') ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('territory.official')}
        </Typography.Paragraph>
      ) : null}

      <Divider orientation="left" plain>
        {t('territory.preview')}
      </Divider>
      <BoundaryPreview boundary={node.boundary} />
    </div>
  );
}

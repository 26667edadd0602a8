import { ModalForm, PageContainer, ProFormDigit, type ProColumns } from '@ant-design/pro-components';
import { Alert, App, Form, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError, call } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { useMe } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import { TIERS, TierTag, useCategories, type Tier } from '../cases/labels';
import { ListTable } from '../../components/ListTable';

type Limit = ResponseOf<'/api/v1/case-time-limits'>[number];
type Fields = Pick<Limit, 'respondHours' | 'urgentRespondHours' | 'signHours' | 'solveDays' | 'escalateGraceHours'>;

/** One row of the editor: a category × tier with its own limits, or inheriting the default row's. */
interface Row extends Fields {
  key: string;
  categoryCode: string;
  categoryName: string;
  tier: Tier;
  /** The version of the category's own row; null while it inherits. */
  version: number | null;
}

const FIELDS: { name: keyof Fields; label: 'limits.respondHours' | 'limits.urgentRespondHours' | 'limits.signHours' | 'limits.solveDays' | 'limits.escalateGraceHours'; min: number; max: number }[] = [
  { name: 'respondHours', label: 'limits.respondHours', min: 1, max: 720 },
  { name: 'urgentRespondHours', label: 'limits.urgentRespondHours', min: 1, max: 72 },
  { name: 'signHours', label: 'limits.signHours', min: 1, max: 720 },
  { name: 'solveDays', label: 'limits.solveDays', min: 1, max: 365 },
  { name: 'escalateGraceHours', label: 'limits.escalateGraceHours', min: 0, max: 720 },
];

/**
 * 办理时限: respond / sign-for / solve limits per category × tier. Categories
 * without their own row follow the default ('*') row; saving one gives the
 * category its own. Only a city-wide administrator may change them.
 */
export default function TimeLimitsPage() {
  const t = useT();
  const me = useMe();
  const { message } = App.useApp();
  const report = useReportError();
  const categories = useCategories();
  const [limits, setLimits] = useState<Limit[] | null>(null);
  const [editing, setEditing] = useState<Row | null>(null);
  const [form] = Form.useForm<Fields>();
  const cityWide = me.roles.some((r) => r.territoryId === null || r.territoryLevel === 'city');

  const load = useCallback(async () => {
    try {
      setLimits(await call(api.GET('/api/v1/case-time-limits')));
    } catch (error) {
      report(error);
      setLimits([]);
    }
  }, [report]);
  useEffect(() => {
    void load();
  }, [load]);

  const rows = useMemo<Row[]>(() => {
    if (!limits) return [];
    const find = (code: string, tier: Tier) => limits.find((l) => l.categoryCode === code && l.tier === tier);
    const groups = [{ value: '*', label: t('limits.default') }, ...categories];
    return groups.flatMap((g) =>
      TIERS.flatMap((tier) => {
        const own = find(g.value, tier);
        const base = own ?? find('*', tier);
        if (!base) return [];
        const { respondHours, urgentRespondHours, signHours, solveDays, escalateGraceHours } = base;
        return [{ key: `${g.value}/${tier}`, categoryCode: g.value, categoryName: g.label, tier, version: own?.version ?? null, respondHours, urgentRespondHours, signHours, solveDays, escalateGraceHours }];
      }),
    );
  }, [limits, categories, t]);

  useEffect(() => {
    if (editing) form.setFieldsValue(editing);
  }, [editing, form]);

  const columns: ProColumns<Row>[] = [
    {
      title: t('cases.category'),
      dataIndex: 'categoryName',
      width: 180,
      onCell: (_, index) => ({ rowSpan: index !== undefined && index % TIERS.length === 0 ? TIERS.length : 0 }),
      render: (_, r) => <Typography.Text strong={r.categoryCode === '*'}>{r.categoryName}</Typography.Text>,
    },
    {
      title: t('cases.tier'),
      dataIndex: 'tier',
      width: 130,
      render: (_, r) => (
        <span>
          <TierTag tier={r.tier} /> {r.version === null && r.categoryCode !== '*' ? <Tag bordered={false}>{t('limits.inherited')}</Tag> : null}
        </span>
      ),
    },
    ...FIELDS.map<ProColumns<Row>>((f) => ({
      title: t(f.label),
      dataIndex: f.name,
      width: 130,
      render: (_, r) => (
        <Typography.Text type={r.version === null && r.categoryCode !== '*' ? 'secondary' : undefined}>
          {f.name === 'solveDays' ? t('limits.days', { n: r[f.name] }) : t('limits.hours', { n: r[f.name] })}
        </Typography.Text>
      ),
    })),
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 80,
      hideInTable: !cityWide,
      render: (_, r) => [
        <a key="edit" onClick={() => setEditing(r)} data-testid="limit-edit">
          {t('common.edit')}
        </a>,
      ],
    },
  ];

  return (
    <PageContainer title={t('limits.title')} content={<Typography.Text type="secondary">{t('limits.intro')}</Typography.Text>}>
      {cityWide ? null : <Alert type="info" showIcon message={t('limits.readOnly')} style={{ marginBottom: 16 }} />}
      <ListTable<Row>
        rowKey="key"
        columns={columns}
        dataSource={rows}
        loading={limits === null}
        search={false}
        pagination={false}
        bordered
        size="small"
        options={{ density: false, setting: false, reload: () => void load() }}
        data-testid="limits-table"
      />
      <ModalForm<Fields>
        open={editing !== null}
        title={editing ? t('limits.editTitle', { category: editing.categoryName, tier: t(`tier.${editing.tier}`) }) : ''}
        form={form}
        width={420}
        modalProps={{ destroyOnHidden: true, onCancel: () => setEditing(null) }}
        onFinish={async (values) => {
          if (!editing) return false;
          try {
            await call(
              api.PUT('/api/v1/case-time-limits/{categoryCode}/{tier}', {
                params: { path: { categoryCode: editing.categoryCode, tier: editing.tier } },
                body: { ...values, ...(editing.version !== null ? { version: editing.version } : {}) },
              }),
            );
            message.success(t('common.saved'));
            setEditing(null);
            void load();
            return true;
          } catch (error) {
            if (error instanceof ApiError && error.code === 'version_conflict') {
              message.warning(t('cases.conflict'));
              setEditing(null);
              void load();
              return true;
            }
            report(error, form);
            return false;
          }
        }}
      >
        {FIELDS.map((f) => (
          <ProFormDigit key={f.name} name={f.name} label={t(f.label)} min={f.min} max={f.max} fieldProps={{ precision: 0 }} rules={[{ required: true }]} />
        ))}
      </ModalForm>
    </PageContainer>
  );
}

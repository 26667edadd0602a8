import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Button, Space, Tag, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { api, call } from '../../api/client';
import { DownloadButton } from '../../components/DownloadButton';
import type { QueryOf } from '../../api/types';
import { useMe, useSession } from '../../auth/session';
import { TerritorySelect } from '../../components/territory';
import { useT } from '../../i18n';
import { CreateCaseModal } from './CreateCaseModal';
import { CHANNELS, enumOptions, STATUSES, StatusTag, TIERS, TierTag, useCategories, useLabel, type CaseRow } from './labels';
import { formatTime } from '../../time';
import { ListTable } from '../../components/ListTable';

type CaseQuery = QueryOf<'/api/v1/cases'>;

/** Turns the search form (and the URL's ?status=…&mine=true) into the list's query; the export sends the same. */
function toQuery(params: Record<string, unknown>): CaseQuery {
  const query: Record<string, unknown> = {};
  for (const key of ['keyword', 'status', 'tier', 'channel', 'categoryCode', 'territoryId'] as const) {
    const value = params[key];
    if (value !== undefined && value !== null && value !== '') query[key] = typeof value === 'string' ? value.trim() : value;
  }
  for (const key of ['overdue', 'mine', 'extensionPending'] as const) {
    const value = params[key];
    if (value === true || value === 'true') query[key] = true;
    else if (key !== 'mine' && (value === false || value === 'false')) query[key] = false;
  }
  const range = params.createdAt as [string, string] | undefined;
  if (Array.isArray(range) && range[0] && range[1]) {
    query.from = new Date(range[0]).toISOString();
    query.to = new Date(range[1]).toISOString();
  }
  return query as CaseQuery;
}

/** 诉求管理: the case queue of my area, or (department staff) what is assigned to my department. */
export default function CasesPage() {
  const t = useT();
  const label = useLabel();
  const me = useMe();
  const { can } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const categories = useCategories(true);
  const action = useRef<ActionType>(null);
  const lastQuery = useRef<CaseQuery>({} as CaseQuery);
  const [creating, setCreating] = useState(false);
  // A city's queue is counted up to 10,000 (the server's COUNT_CAP): then the total reads 10,000+.
  const [totalCapped, setTotalCapped] = useState(false);

  /** Department staff reach cases only through assignments: their queue opens on "mine". */
  const departmentOnly = !can('case:read') && me.roles.some((r) => r.role === 'department_staff');
  const initialValues = useMemo(() => {
    const params = new URLSearchParams(location.search);
    const values: Record<string, unknown> = {};
    for (const key of ['status', 'tier', 'channel', 'categoryCode', 'keyword']) {
      const value = params.get(key);
      if (value) values[key] = value;
    }
    for (const key of ['overdue', 'extensionPending']) if (params.get(key)) values[key] = params.get(key);
    if (params.get('mine') === 'true' || departmentOnly) values.mine = 'true';
    return values;
  }, [location.search, departmentOnly]);

  const yesNo = { true: { text: t('common.yes') }, false: { text: t('common.no') } };
  const columns: ProColumns<CaseRow>[] = [
    { title: t('cases.keyword'), dataIndex: 'keyword', hideInTable: true, fieldProps: { placeholder: t('cases.keywordHint'), 'data-testid': 'cases-keyword' } },
    {
      title: t('cases.trackingNo'),
      dataIndex: 'trackingNo',
      search: false,
      width: 170,
      fixed: 'left',
      render: (_, row) => (
        <Link to={`/cases/${row.id}`} data-testid="case-link">
          {row.trackingNo}
        </Link>
      ),
    },
    {
      title: t('cases.status'),
      dataIndex: 'status',
      valueType: 'select',
      width: 150,
      fieldProps: { options: enumOptions(STATUSES, 'status', label), 'data-testid': 'cases-status' },
      render: (_, row) => (
        <Space size={4} wrap>
          <StatusTag status={row.status} />
          {row.urgent ? <Tag color="red">{t('cases.urgent')}</Tag> : null}
          {row.overdue ? (
            <Tag color="volcano" data-testid="case-overdue">
              {t('cases.overdueFlag')}
            </Tag>
          ) : null}
        </Space>
      ),
    },
    { title: t('cases.tier'), dataIndex: 'tier', valueType: 'select', width: 90, fieldProps: { options: enumOptions(TIERS, 'tier', label) }, render: (_, row) => <TierTag tier={row.tier} /> },
    {
      title: t('cases.category'),
      dataIndex: 'categoryCode',
      valueType: 'select',
      width: 110,
      fieldProps: { options: categories, showSearch: true, optionFilterProp: 'label' },
      render: (_, row) => categories.find((c) => c.value === row.categoryCode)?.label ?? row.categoryName,
    },
    {
      title: t('cases.description'),
      dataIndex: 'description',
      search: false,
      ellipsis: true,
      width: 300,
    },
    {
      title: t('cases.territory'),
      dataIndex: 'territoryId',
      width: 170,
      render: (_, row) => (
        <span>
          {row.communityName}
          {row.territoryId !== row.communityId ? <Typography.Text type="secondary"> · {row.territoryName}</Typography.Text> : null}
        </span>
      ),
      renderFormItem: () => <TerritorySelect placeholder={t('territory.searchSelect')} />,
    },
    { title: t('cases.channel'), dataIndex: 'channel', valueType: 'select', width: 100, fieldProps: { options: enumOptions(CHANNELS, 'channel', label) }, render: (_, row) => label(`channel.${row.channel}`) },
    { title: t('cases.overdue'), dataIndex: 'overdue', valueType: 'select', hideInTable: true, valueEnum: yesNo },
    {
      title: t('cases.mine'),
      dataIndex: 'mine',
      valueType: 'select',
      hideInTable: true,
      valueEnum: { true: { text: t('common.yes') } },
      fieldProps: { 'data-testid': 'cases-mine' },
    },
    { title: t('pending.extensionsToDecide'), dataIndex: 'extensionPending', valueType: 'select', hideInTable: true, valueEnum: yesNo },
    { title: t('cases.range'), dataIndex: 'createdAt', valueType: 'dateTimeRange', hideInTable: true },
    { title: t('cases.createdAt'), dataIndex: 'createdAt', search: false, width: 150, render: (_, row) => formatTime(row.createdAt) },
    {
      title: t('cases.solveBy'),
      dataIndex: 'solveBy',
      search: false,
      width: 150,
      render: (_, row) => <Typography.Text type={row.overdue ? 'danger' : undefined}>{formatTime(row.solveBy)}</Typography.Text>,
    },
  ];

  return (
    <PageContainer title={t('cases.title')}>
      <ListTable<CaseRow>
        key={location.search}
        rowKey="id"
        actionRef={action}
        columns={columns}
        scroll={{ x: 1400 }}
        form={{ initialValues }}
        search={{ labelWidth: 'auto', defaultCollapsed: true }}
        pagination={{
          defaultPageSize: 20,
          showSizeChanger: true,
          showTotal: (total, [from, to]) => t(totalCapped ? 'cases.pageRangeCapped' : 'cases.pageRange', { from, to, total: total.toLocaleString('zh-CN') }),
        }}
        options={{ density: false, setting: true, reload: true }}
        onRow={(row) => ({ onDoubleClick: () => navigate(`/cases/${row.id}`) })}
        request={async (params) => {
          const query = toQuery(params);
          lastQuery.current = query;
          const page = await call(api.GET('/api/v1/cases', { params: { query: { ...query, current: params.current, pageSize: params.pageSize } } }));
          setTotalCapped(page.totalCapped);
          return { data: page.data, total: page.total, success: true };
        }}
        toolBarRender={() => [
          can('case:create') ? (
            <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="case-create">
              {t('cases.create')}
            </Button>
          ) : null,
          <DownloadButton key="export" data-testid="cases-export" request={() => api.GET('/api/v1/cases/export', { params: { query: lastQuery.current }, parseAs: 'blob' })} fileName="cases.xlsx" />,
        ]}
      />
      <CreateCaseModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(created) => {
          setCreating(false);
          navigate(`/cases/${created.id}`);
        }}
      />
    </PageContainer>
  );
}

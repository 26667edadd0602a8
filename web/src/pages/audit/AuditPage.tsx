import { PageContainer, type ProColumns } from '@ant-design/pro-components';
import { Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef } from 'react';
import { api, call } from '../../api/client';
import { DownloadButton } from '../../components/DownloadButton';
import type { QueryOf, RowOf } from '../../api/types';
import { useT } from '../../i18n';
import { formatSeconds } from '../../time';
import { ListTable } from '../../components/ListTable';

type AuditRow = RowOf<'/api/v1/audit'>;
type AuditQuery = QueryOf<'/api/v1/audit'>;

function toQuery(params: Record<string, unknown>): AuditQuery {
  const query: Record<string, unknown> = {};
  for (const key of ['action', 'entityType', 'entityId', 'actor'] as const) {
    const value = params[key];
    if (typeof value === 'string' && value.trim()) query[key] = value.trim();
    else if (typeof value === 'number') query[key] = value;
  }
  const range = params.range as [string | Dayjs, string | Dayjs] | undefined;
  // Bare dates: the server reads them as whole days in Beijing time.
  if (range && range[0] && range[1]) {
    query.from = dayjs(range[0]).format('YYYY-MM-DD');
    query.to = dayjs(range[1]).format('YYYY-MM-DD');
  }
  return query as AuditQuery;
}

function pretty(value: unknown): string {
  if (value == null) return '';
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}

/** 审计日志: every write and every view of personal data, newest first. */
export default function AuditPage() {
  const t = useT();
  const lastQuery = useRef<AuditQuery>({} as AuditQuery);

  const columns: ProColumns<AuditRow>[] = [
    { title: t('audit.at'), dataIndex: 'at', search: false, width: 165, render: (_, r) => formatSeconds(r.at) },
    { title: t('audit.range'), dataIndex: 'range', valueType: 'dateRange', hideInTable: true },
    { title: t('audit.actor'), dataIndex: 'actor', width: 130, fieldProps: { placeholder: t('audit.actorHint') }, render: (_, row) => row.actorName ?? (row.actorId != null ? `#${row.actorId}` : '—') },
    { title: t('audit.action'), dataIndex: 'action', width: 180, fieldProps: { placeholder: t('audit.actionHint') }, render: (_, row) => <Typography.Text code>{row.action}</Typography.Text> },
    { title: t('audit.entityType'), dataIndex: 'entityType', width: 130 },
    { title: t('audit.entityId'), dataIndex: 'entityId', width: 90 },
    { title: t('audit.territory'), dataIndex: 'territoryName', search: false, width: 120, render: (_, row) => row.territoryName ?? '—' },
    { title: t('audit.summary'), dataIndex: 'summary', search: false, ellipsis: { showTitle: true } },
    { title: t('audit.ip'), dataIndex: 'ip', search: false, width: 130 },
  ];

  return (
    <PageContainer title={t('audit.title')}>
      <ListTable<AuditRow>
        rowKey="id"
        columns={columns}
        search={{ labelWidth: 'auto', defaultCollapsed: false }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: false, setting: true, reload: true }}
        scroll={{ x: 1100 }}
        columnsState={{ defaultValue: { entityId: { show: false }, ip: { show: false } } }}
        expandable={{
          rowExpandable: (row) => Object.keys(row.detail).length > 0,
          expandedRowRender: (row) => (
            <div>
              <Typography.Text strong>{t('audit.details')}</Typography.Text>
              <pre style={{ background: '#fafafa', padding: 8, margin: 0, whiteSpace: 'pre-wrap', maxHeight: 360, overflow: 'auto' }}>{pretty(row.detail)}</pre>
            </div>
          ),
        }}
        request={async (params) => {
          const query = toQuery(params);
          lastQuery.current = query;
          const page = await call(api.GET('/api/v1/audit', { params: { query: { ...query, current: params.current, pageSize: params.pageSize } } }));
          return { data: page.data, total: page.total, success: true };
        }}
        toolBarRender={() => [
          <DownloadButton key="export" data-testid="audit-export" request={() => api.GET('/api/v1/audit/export', { params: { query: lastQuery.current }, parseAs: 'blob' })} fileName="audit.xlsx" />,
        ]}
      />
    </PageContainer>
  );
}

import { PageContainer, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, call } from '../../api/client';
import { DownloadButton } from '../../components/DownloadButton';
import type { QueryOf, RowOf } from '../../api/types';
import { useSession } from '../../auth/session';
import { useT } from '../../i18n';
import { DEMAND_CATEGORIES, StateTag, useValueEnum } from '../units/labels';
import { DemandDrawer } from './DemandDrawer';
import { CreateDemandModal } from './DemandForms';
import { ListTable } from '../../components/ListTable';

type Row = RowOf<'/api/v1/demands'>;
const STATES = ['open', 'claimed', 'in_progress', 'met', 'closed'] as const;

/** 需求清单: staff see their area's demands; a unit's contact sees those of its street to claim (认领). */
export default function DemandsPage() {
  const t = useT();
  const { can } = useSession();
  const valueEnum = useValueEnum();
  const ref = useRef<ActionType>(undefined);
  // The filters of the list as last loaded: the export takes the same ones.
  const filters = useRef<QueryOf<'/api/v1/demands'>>({});
  const [params] = useSearchParams();
  const [open, setOpen] = useState<number | null>(params.get('id') ? Number(params.get('id')) : null);
  const staff = can('unit:read');
  const columns: ProColumns<Row>[] = [
    { title: t('demands.titleField'), dataIndex: 'keyword', hideInTable: true },
    { title: t('demands.titleField'), dataIndex: 'title', search: false, render: (_, r) => <a onClick={() => setOpen(r.id)} data-testid="demand-link">{r.title}</a> },
    { title: t('resources.category'), dataIndex: 'category', valueType: 'select', valueEnum: valueEnum('category', DEMAND_CATEGORIES) },
    { title: t('demands.quantity'), dataIndex: 'quantity', search: false, render: (_, r) => `${r.quantity} ${r.quantityUnit}` },
    { title: t('demands.community'), dataIndex: 'communityName', search: false },
    { title: t('demands.neededBy'), dataIndex: 'neededBy', search: false, render: (_, r) => r.neededBy ?? '—' },
    { title: t('demands.unit'), dataIndex: 'unitName', search: false, render: (_, r) => r.unitName ?? '—' },
    {
      title: t('units.status'),
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: valueEnum('demand.status', STATES),
      render: (_, r) => <StateTag prefix="demand.status" status={r.status} />,
    },
  ];
  return (
    <PageContainer title={t('demands.title')}>
      <ListTable<Row>
        rowKey="id"
        actionRef={ref}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: false, reload: true }}
        toolBarRender={() => [
          <DownloadButton key="export" request={() => api.GET('/api/v1/demands/export', { params: { query: filters.current }, parseAs: 'blob' })} fileName="demands.xlsx" />,
          ...(can('unit:write') ? [<CreateDemandModal key="create" onDone={(id) => (void ref.current?.reload(), setOpen(id))} />] : []),
        ]}
        request={async (p) => {
          const query = {
            current: p.current,
            pageSize: p.pageSize,
            ...(staff ? {} : { forUnit: true }),
            ...(p.keyword ? { keyword: String(p.keyword).trim() } : {}),
            ...(p.status ? { status: p.status as Row['status'] } : {}),
            ...(p.category ? { category: p.category as Row['category'] } : {}),
          };
          filters.current = { ...query, current: undefined, pageSize: undefined };
          const page = await call(api.GET('/api/v1/demands', { params: { query } }));
          return { data: page.data, total: page.total, success: true };
        }}
      />
      {open !== null ? <DemandDrawer id={open} staff={staff} onClose={() => setOpen(null)} onChanged={() => void ref.current?.reload()} /> : null}
    </PageContainer>
  );
}

import { PageContainer, type ProColumns } from '@ant-design/pro-components';
import { Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { api, call } from '../../api/client';
import type { RowOf } from '../../api/types';
import { TerritorySelect } from '../../components/territory';
import { useT } from '../../i18n';
import { ListTable } from '../../components/ListTable';

type Row = RowOf<'/api/v1/committees'>;

/** 社工委: every committee in my area with its members, vacancies, terms ending and this month's visits. */
export default function CommitteesPage() {
  const t = useT();
  const navigate = useNavigate();
  const columns: ProColumns<Row>[] = [
    { title: t('committees.community'), dataIndex: 'keyword', hideInTable: true },
    {
      title: t('committees.community'),
      dataIndex: 'communityName',
      search: false,
      render: (_, r) => (
        <Link to={`/committees/${r.id}`} data-testid="committee-link">
          {r.communityName}
        </Link>
      ),
    },
    { title: t('committees.street'), dataIndex: 'territoryId', render: (_, r) => r.streetName, renderFormItem: () => <TerritorySelect levels={['city', 'district', 'street']} /> },
    {
      title: t('committees.status'),
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: { forming: { text: t('committees.status.forming') }, active: { text: t('committees.status.active') } },
      render: (_, r) => <Tag color={r.status === 'active' ? 'green' : 'gold'}>{t(`committees.status.${r.status}`)}</Tag>,
    },
    { title: t('committees.members'), dataIndex: 'members', search: false, align: 'right' },
    { title: t('committees.seats'), dataIndex: 'seats', search: false, align: 'right' },
    {
      title: t('committees.vacancies'),
      dataIndex: 'vacancies',
      search: false,
      align: 'right',
      render: (_, r) => <Typography.Text type={r.vacancies > 0 ? 'danger' : undefined}>{r.vacancies}</Typography.Text>,
    },
    { title: t('committees.termsEnding'), dataIndex: 'termsEnding', search: false, align: 'right' },
    { title: t('committees.visitsThisMonth'), dataIndex: 'visitsThisMonth', search: false, align: 'right' },
    { title: t('committees.leader'), dataIndex: 'leader', search: false, render: (_, r) => r.leader?.name ?? '—' },
  ];
  return (
    <PageContainer title={t('committees.title')}>
      <ListTable<Row>
        rowKey="id"
        columns={columns}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: false, reload: true }}
        onRow={(r) => ({ onDoubleClick: () => navigate(`/committees/${r.id}`) })}
        request={async (params) => {
          const query = {
            current: params.current,
            pageSize: params.pageSize,
            ...(params.keyword ? { keyword: String(params.keyword).trim() } : {}),
            ...(params.status ? { status: params.status as Row['status'] } : {}),
            ...(params.territoryId ? { territoryId: Number(params.territoryId) } : {}),
          };
          const page = await call(api.GET('/api/v1/committees', { params: { query } }));
          return { data: page.data, total: page.total, success: true };
        }}
      />
    </PageContainer>
  );
}

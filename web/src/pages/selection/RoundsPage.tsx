import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, type ProColumns } from '@ant-design/pro-components';
import { Button } from 'antd';
import { useMemo } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { api, call } from '../../api/client';
import { useSession } from '../../auth/session';
import { useT } from '../../i18n';
import { ROUND_STATES, RoundStatusTag, useLabel, useOptions, type RoundRow } from './labels';
import { formatTime } from '../../time';
import { ListTable } from '../../components/ListTable';

/** 委员产生: the rounds of my area; street staff open it on ?status=submitted as their approval queue. */
export default function RoundsPage() {
  const t = useT();
  const label = useLabel();
  const options = useOptions();
  const { can } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const initialValues = useMemo(() => {
    const status = new URLSearchParams(location.search).get('status');
    return status ? { status } : {};
  }, [location.search]);
  const approvals = initialValues.status === 'submitted';

  const columns: ProColumns<RoundRow>[] = [
    { title: t('selection.community'), dataIndex: 'communityName', search: false, width: 140 },
    { title: t('selection.kind'), dataIndex: 'kind', valueType: 'select', width: 80, fieldProps: { options: options('selection.kind.', ['formation', 'supplement']) }, render: (_, r) => label('selection.kind.', r.kind) },
    {
      title: t('selection.announcementTitle'),
      dataIndex: 'title',
      search: false,
      ellipsis: true,
      render: (_, r) => (
        <Link to={`/selection/rounds/${r.id}`} data-testid="round-link">
          {r.title}
        </Link>
      ),
    },
    { title: t('selection.status'), dataIndex: 'status', valueType: 'select', width: 120, fieldProps: { options: options('selection.status.', ROUND_STATES), 'data-testid': 'rounds-status' }, render: (_, r) => <RoundStatusTag status={r.status} /> },
    { title: t('selection.candidateCount'), dataIndex: 'candidateCount', search: false, width: 80 },
    { title: t('selection.collectPeriod'), key: 'period', search: false, width: 200, render: (_, r) => `${r.collectFrom} ~ ${r.collectUntil}` },
    { title: t('selection.createdAt'), dataIndex: 'createdAt', search: false, width: 160, render: (_, r) => formatTime(r.createdAt) },
  ];

  return (
    <PageContainer title={approvals ? t('selection.approvals') : t('selection.title')}>
      <ListTable<RoundRow>
        key={location.search}
        rowKey="id"
        columns={columns}
        form={{ initialValues }}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: false, setting: true, reload: true }}
        onRow={(r) => ({ onDoubleClick: () => navigate(`/selection/rounds/${r.id}`) })}
        request={async (params) => {
          const page = await call(
            api.GET('/api/v1/selection/rounds', { params: { query: { current: params.current, pageSize: params.pageSize, status: params.status || undefined, kind: params.kind || undefined } } }),
          );
          return { data: page.data, total: page.total, success: true };
        }}
        toolBarRender={() => [
          can('selection:write') ? (
            <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => navigate('/selection/rounds/new')} data-testid="round-new">
              {t('selection.new')}
            </Button>
          ) : null,
        ]}
      />
    </PageContainer>
  );
}

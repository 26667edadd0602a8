import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, type ProColumns } from '@ant-design/pro-components';
import { Button, Progress, Segmented } from 'antd';
import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, call } from '../../api/client';
import { DownloadButton } from '../../components/DownloadButton';
import { useSession } from '../../auth/session';
import { useT } from '../../i18n';
import { FUNDING_SOURCES, PROJECT_STATES, ProjectStatusTag, useLabel, useOptions, yuan, type ProjectRow } from './labels';
import { formatTime } from '../../time';
import { ListTable } from '../../components/ListTable';

type Query = { status?: ProjectRow['status']; fundingSource?: ProjectRow['fundingSource']; title?: string };

/** 项目清单: the projects of my area; unit contacts switch to the approved ones open for claim. */
export default function ProjectsPage() {
  const t = useT();
  const label = useLabel();
  const options = useOptions();
  const { can } = useSession();
  const navigate = useNavigate();
  const claimer = can('project:claim') && !can('project:read');
  const [openForClaim, setOpenForClaim] = useState(claimer);
  const query = useRef<Query>({});

  const columns: ProColumns<ProjectRow>[] = [
    { title: t('project.name'), dataIndex: 'title', width: 220, render: (_, r) => <Link to={`/projects/${r.id}`} data-testid="project-link">{r.title}</Link> },
    { title: t('project.community'), dataIndex: 'communityName', search: false },
    { title: t('project.fundingSource'), dataIndex: 'fundingSource', valueType: 'select', fieldProps: { options: options('project.funding.', FUNDING_SOURCES) }, render: (_, r) => label('project.funding.', r.fundingSource) },
    { title: t('project.status'), dataIndex: 'status', valueType: 'select', width: 130, fieldProps: { options: options('project.status.', PROJECT_STATES) }, render: (_, r) => <ProjectStatusTag status={r.status} /> },
    { title: t('project.progress'), dataIndex: 'progress', search: false, width: 110, render: (_, r) => <Progress percent={r.progress} size="small" /> },
    { title: t('project.undertaker'), dataIndex: 'undertakerName', search: false, width: 160, render: (_, r) => r.undertakerName ?? '—' },
    { title: t('project.requested'), dataIndex: 'requestedTotal', search: false, width: 110, align: 'right', render: (_, r) => yuan(r.requestedTotal) },
    { title: t('project.approved'), dataIndex: 'approvedTotal', search: false, width: 110, align: 'right', render: (_, r) => yuan(r.approvedTotal) },
    { title: t('project.createdAt'), dataIndex: 'createdAt', search: false, width: 140, render: (_, r) => formatTime(r.createdAt) },
  ];

  return (
    <PageContainer
      title={t('project.title')}
      extra={can('project:claim') ? <Segmented value={openForClaim ? 'open' : 'all'} onChange={(v) => setOpenForClaim(v === 'open')} options={[{ value: 'all', label: t('project.title') }, { value: 'open', label: t('project.openForClaim') }]} /> : null}
    >
      <ListTable<ProjectRow>
        key={String(openForClaim)}
        rowKey="id"
        columns={columns}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: false, setting: true, reload: true }}
        onRow={(r) => ({ onDoubleClick: () => navigate(`/projects/${r.id}`) })}
        request={async (params) => {
          query.current = { status: params.status || undefined, fundingSource: params.fundingSource || undefined, title: params.title?.trim() || undefined };
          const page = await call(api.GET('/api/v1/projects', { params: { query: { current: params.current, pageSize: params.pageSize, ...query.current, openForClaim: openForClaim || undefined } } }));
          return { data: page.data, total: page.total, success: true };
        }}
        toolBarRender={() => [
          <DownloadButton key="export" data-testid="projects-export" request={() => api.GET('/api/v1/projects/export', { params: { query: query.current }, parseAs: 'blob' })} fileName="projects.xlsx" />,
          can('project:write') ? (
            <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => navigate('/projects/new')} data-testid="project-new">
              {t('project.new')}
            </Button>
          ) : null,
        ]}
      />
    </PageContainer>
  );
}

import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormText, ProFormTextArea, type ProColumns } from '@ant-design/pro-components';
import { Button, Form } from 'antd';
import { useRef } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, call } from '../../api/client';
import { DownloadButton } from '../../components/DownloadButton';
import type { QueryOf } from '../../api/types';
import { useMe, useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { TerritorySelect } from '../../components/territory';
import { useT } from '../../i18n';
import { MEDIATION_STATES, MediationTag, useOptions, type MediationRow } from './labels';
import { formatTime } from '../../time';
import { ListTable } from '../../components/ListTable';

interface NewValues {
  communityId: number;
  title: string;
  description: string;
  disputeType: string;
  parties: string;
  mediators: string;
}

const ROLE_WORDS: Record<string, 'applicant' | 'respondent' | 'other'> = { 申请人: 'applicant', 被申请人: 'respondent', applicant: 'applicant', respondent: 'respondent' };
const lines = (text: string) => text.split('\n').map((l) => l.split(/[,，]/).map((s) => s.trim())).filter((p) => p[0]);

function Register({ onCreated }: { onCreated: (id: number) => void }) {
  const t = useT();
  const me = useMe();
  const report = useReportError();
  const [form] = Form.useForm<NewValues>();
  const own = me.roles.filter((r) => r.territoryLevel === 'community' && r.territoryId !== null);
  return (
    <ModalForm<NewValues>
      title={t('mediation.new')}
      form={form}
      width={620}
      trigger={<Button type="primary" icon={<PlusOutlined />} data-testid="mediation-new">{t('mediation.new')}</Button>}
      initialValues={{ communityId: own.length === 1 ? own[0]!.territoryId! : undefined, mediators: me.displayName }}
      modalProps={{ destroyOnHidden: true }}
      onFinish={async (v) => {
        try {
          const created = await call(
            api.POST('/api/v1/mediations', {
              body: {
                communityId: v.communityId,
                title: v.title.trim(),
                description: v.description.trim(),
                disputeType: v.disputeType.trim(),
                parties: lines(v.parties).map(([name, phone, role], i) => ({ name: name!, phone: phone || undefined, role: ROLE_WORDS[role ?? ''] ?? (i === 0 ? 'applicant' : 'respondent') })),
                mediators: lines(v.mediators).map(([name]) => ({ name: name! })),
              },
            }),
          );
          onCreated(created.id);
          return true;
        } catch (error) {
          report(error, form);
          return false;
        }
      }}
    >
      <Form.Item name="communityId" label={t('consultation.community')} rules={[{ required: true }]}>
        <TerritorySelect levels={['community']} />
      </Form.Item>
      <ProFormText name="title" label={t('mediation.caseTitle')} rules={[{ required: true, whitespace: true }]} />
      <ProFormText name="disputeType" label={t('mediation.type')} rules={[{ required: true, whitespace: true }]} />
      <ProFormTextArea name="description" label={t('mediation.description')} rules={[{ required: true, whitespace: true }]} />
      <ProFormTextArea name="parties" label={t('mediation.parties')} rules={[{ required: true, whitespace: true }]} fieldProps={{ rows: 3 }} />
      <ProFormTextArea name="mediators" label={t('mediation.mediators')} rules={[{ required: true, whitespace: true }]} fieldProps={{ rows: 2 }} />
    </ModalForm>
  );
}

/** 矛盾纠纷调解: the cases of my area. */
export default function MediationsPage() {
  const t = useT();
  const options = useOptions();
  const { can } = useSession();
  const navigate = useNavigate();
  // The filters of the list as last loaded: the export takes the same ones.
  const filters = useRef<QueryOf<'/api/v1/mediations'>>({});
  const columns: ProColumns<MediationRow>[] = [
    { title: t('mediation.caseTitle'), dataIndex: 'keyword', render: (_, r) => <Link to={`/mediations/${r.id}`}>{r.title}</Link> },
    { title: t('consultation.community'), dataIndex: 'communityName', search: false, width: 140 },
    { title: t('mediation.type'), dataIndex: 'disputeType', search: false, width: 120 },
    { title: t('mediation.status'), dataIndex: 'status', valueType: 'select', width: 110, fieldProps: { options: options('mediation.status.', MEDIATION_STATES) }, render: (_, r) => <MediationTag status={r.status} /> },
    { title: t('mediation.mediatorsShort'), dataIndex: 'mediators', search: false, width: 180 },
    { title: t('common.createdAt'), dataIndex: 'createdAt', search: false, width: 160, render: (_, r) => formatTime(r.createdAt) },
  ];
  return (
    <PageContainer title={t('mediation.title')}>
      <ListTable<MediationRow>
        rowKey="id"
        columns={columns}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        request={async (p) => {
          const query = { current: p.current, pageSize: p.pageSize, keyword: p.keyword || undefined, status: p.status || undefined };
          filters.current = { ...query, current: undefined, pageSize: undefined };
          const page = await call(api.GET('/api/v1/mediations', { params: { query } }));
          return { data: page.data, total: page.total, success: true };
        }}
        toolBarRender={() => [
          <DownloadButton key="export" request={() => api.GET('/api/v1/mediations/export', { params: { query: filters.current }, parseAs: 'blob' })} fileName="mediations.xlsx" />,
          can('mediation:write') ? <Register key="new" onCreated={(id) => navigate(`/mediations/${id}`)} /> : null,
        ]}
      />
    </PageContainer>
  );
}

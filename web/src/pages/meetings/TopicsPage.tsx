import { PageContainer, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Form, Input, Modal, Select, Space, Tag } from 'antd';
import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, call } from '../../api/client';
import { DownloadButton } from '../../components/DownloadButton';
import type { QueryOf } from '../../api/types';
import { useMyCommunity, useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { TerritorySelect } from '../../components/territory';
import { useT } from '../../i18n';
import { StatusTag, type TopicRow } from './labels';
import { CategoryInput } from './TopicForm';
import { formatTime } from '../../time';
import { ListTable } from '../../components/ListTable';

type CaseOption = { value: number; label: string };

/** Picks cases of the community by tracking number or words of the description. */
function CasePicker({ id, value, onChange, communityId }: { id?: string; value?: number[]; onChange?: (v: number[]) => void; communityId: number | null }) {
  const [options, setOptions] = useState<CaseOption[]>([]);
  const search = async (keyword: string) => {
    const page = await call(api.GET('/api/v1/cases', { params: { query: { pageSize: 20, ...(keyword.trim() ? { keyword: keyword.trim() } : {}), ...(communityId ? { territoryId: communityId } : {}) } } }));
    setOptions(page.data.map((c) => ({ value: c.id, label: `${c.trackingNo} ${c.description.slice(0, 30)}` })));
  };
  return <Select id={id} mode="multiple" showSearch filterOption={false} value={value} onChange={onChange} onSearch={(k) => void search(k)} onFocus={() => void search('')} options={options} data-testid="topic-cases" />;
}

/** 议题池: topics of my area, waiting, on an agenda or decided; new topics from cases or a proposal. */
export default function TopicsPage() {
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const report = useReportError();
  const { can } = useSession();
  const mine = useMyCommunity();
  const ref = useRef<ActionType>(undefined);
  // The filters of the list as last loaded: the export takes the same ones.
  const filters = useRef<QueryOf<'/api/v1/meetings/topics'>>({});
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const communityId = Form.useWatch('communityId', form) as number | null | undefined;

  const columns: ProColumns<TopicRow>[] = [
    { title: t('meetings.topic.title'), dataIndex: 'keyword', hideInTable: true },
    { title: t('meetings.topic.title'), dataIndex: 'title', search: false, render: (_, r) => <Link to={`/meetings/topics/${r.id}`} data-testid="topic-link">{r.title}</Link> },
    { title: t('meetings.community'), dataIndex: 'communityName', search: false },
    {
      title: t('common.status'),
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: Object.fromEntries(['pooled', 'scheduled', 'decided', 'rejected', 'withdrawn'].map((s) => [s, { text: t(`meetings.topicStatus.${s}` as 'meetings.topicStatus.pooled') }])),
      render: (_, r) => <StatusTag status={r.status} label={r.statusName} />,
    },
    { title: t('meetings.topic.category'), dataIndex: 'category', search: false, render: (_, r) => r.category ?? '—' },
    { title: t('meetings.topic.source'), dataIndex: 'source', search: false, render: (_, r) => (r.source === 'cases' ? `${t('meetings.topic.fromCases')}（${r.caseIds.length}）` : t('meetings.topic.proposal')) },
    { title: t('meetings.topic.escalate'), dataIndex: 'escalated', valueType: 'switch', render: (_, r) => (r.escalateTo ? <Tag color="red">{t(`meetings.escalate.${r.escalateTo}`)}</Tag> : '—') },
    { title: t('common.createdAt'), dataIndex: 'createdAt', search: false, render: (_, r) => formatTime(r.createdAt) },
  ];

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const created = await call(api.POST('/api/v1/meetings/topics', { body: { communityId: v.communityId, title: v.title, background: v.background ?? '', stakeholders: v.stakeholders || undefined, suggestion: v.suggestion || undefined, caseIds: v.caseIds ?? [], escalateTo: v.escalateTo || undefined, category: v.category?.trim() || undefined } }));
      message.success(t('common.saved'));
      setOpen(false);
      navigate(`/meetings/topics/${created.id}`);
    } catch (error) {
      report(error, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageContainer title={t('meetings.topics')}>
      <ListTable<TopicRow>
        rowKey="id"
        actionRef={ref}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        toolBarRender={() => [
          <DownloadButton key="export" request={() => api.GET('/api/v1/meetings/topics/export', { params: { query: filters.current }, parseAs: 'blob' })} fileName="topics.xlsx" />,
          ...(can('topic:write') ? [<Button key="new" type="primary" onClick={() => { form.resetFields(); form.setFieldsValue({ communityId: mine?.id }); setOpen(true); }} data-testid="topic-new">{t('meetings.topic.new')}</Button>] : []),
        ]}
        request={async (params) => {
          const query = { current: params.current, pageSize: params.pageSize, ...(params.keyword ? { keyword: String(params.keyword) } : {}), ...(params.status ? { status: params.status } : {}), ...(params.escalated ? { escalated: true } : {}) };
          filters.current = { ...query, current: undefined, pageSize: undefined };
          const page = await call(api.GET('/api/v1/meetings/topics', { params: { query } }));
          return { data: page.data, total: page.total, success: true };
        }}
      />
      <Modal open={open} title={t('meetings.topic.new')} onCancel={() => setOpen(false)} onOk={() => void submit()} confirmLoading={busy} okButtonProps={{ 'data-testid': 'topic-submit' } as never} width={640} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="communityId" label={t('meetings.community')} rules={[{ required: true }]}>
            <TerritorySelect levels={['community']} initialOption={mine ? { value: mine.id, label: mine.name } : null} />
          </Form.Item>
          <Form.Item name="title" label={t('meetings.topic.title')} rules={[{ required: true, max: 100 }]}><Input data-testid="topic-title" /></Form.Item>
          <Form.Item name="category" label={t('meetings.topic.category')} rules={[{ max: 50 }]}><CategoryInput communityId={communityId ?? null} /></Form.Item>
          <Form.Item name="caseIds" label={t('meetings.topic.cases')}><CasePicker communityId={communityId ?? null} /></Form.Item>
          <Form.Item name="background" label={t('meetings.topic.background')} rules={[{ max: 4000 }]}><Input.TextArea rows={3} data-testid="topic-background" /></Form.Item>
          <Form.Item name="stakeholders" label={t('meetings.topic.stakeholders')}><Input /></Form.Item>
          <Form.Item name="suggestion" label={t('meetings.topic.suggestion')}><Input.TextArea rows={2} /></Form.Item>
          <Form.Item name="escalateTo" label={t('meetings.topic.escalate')}>
            <Select allowClear options={[{ value: 'big_party', label: t('meetings.escalate.big_party') }, { value: 'party_joint', label: t('meetings.escalate.party_joint') }]} />
          </Form.Item>
        </Form>
        <Space />
      </Modal>
    </PageContainer>
  );
}

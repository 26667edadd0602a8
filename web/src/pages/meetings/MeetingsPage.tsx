import { PageContainer, type ProColumns } from '@ant-design/pro-components';
import { App, Button, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, call } from '../../api/client';
import { DownloadButton } from '../../components/DownloadButton';
import type { QueryOf } from '../../api/types';
import { useMyCommunity, useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { TerritorySelect } from '../../components/territory';
import { useT } from '../../i18n';
import { MEETING_TYPES, StatusTag, type MeetingRow } from './labels';
import { formatTime, pickedInstant } from '../../time';
import { ListTable } from '../../components/ListTable';

/** Topics waiting in the pool of a community, to put on the agenda. */
function PoolPicker({ id, value, onChange, communityId }: { id?: string; value?: number[]; onChange?: (v: number[]) => void; communityId: number | null }) {
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const load = async () => {
    if (!communityId) return;
    const page = await call(api.GET('/api/v1/meetings/topics', { params: { query: { communityId, status: 'pooled', pageSize: 100 } } }));
    setOptions(page.data.map((x) => ({ value: x.id, label: x.title })));
  };
  return <Select id={id} mode="multiple" value={value} onChange={onChange} onFocus={() => void load()} options={options} optionFilterProp="label" data-testid="meeting-topics" />;
}

/** 会议: meetings of my area by type and state; schedule a new one with its agenda. */
export default function MeetingsPage() {
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const report = useReportError();
  const { can } = useSession();
  const mine = useMyCommunity();
  // The filters of the list as last loaded: the export takes the same ones.
  const filters = useRef<QueryOf<'/api/v1/meetings'>>({});
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const communityId = Form.useWatch('communityId', form) as number | null | undefined;
  const [members, setMembers] = useState<{ value: number; label: string }[]>([]);
  // The committee's members in office are invited (and vote) unless staff take some off the list.
  useEffect(() => {
    if (!open || !communityId) return;
    void (async () => {
      try {
        const committees = await call(api.GET('/api/v1/committees', { params: { query: { territoryId: communityId, pageSize: 5 } } }));
        const committee = committees.data.find((c) => c.communityId === communityId);
        if (!committee) return setMembers([]);
        const page = await call(api.GET('/api/v1/committees/{id}/members', { params: { path: { id: committee.id }, query: { inOffice: true, pageSize: 100 } } }));
        setMembers(page.data.map((m) => ({ value: m.id, label: m.name })));
        form.setFieldsValue({ memberIds: page.data.map((m) => m.id) });
      } catch (error) {
        report(error);
      }
    })();
  }, [open, communityId, form, report]);
  const startNew = (type: (typeof MEETING_TYPES)[number]) => {
    form.resetFields();
    form.setFieldsValue({ communityId: mine?.id, type });
    setOpen(true);
  };
  // A consultation's 商 dialog links here with ?new=consultation to schedule its 议事协商会.
  const [search, setSearch] = useSearchParams();
  const wanted = MEETING_TYPES.find((k) => k === search.get('new'));
  useEffect(() => {
    if (!wanted) return;
    setSearch({}, { replace: true });
    if (can('meeting:write')) startNew(wanted);
  });
  const typeEnum = Object.fromEntries(MEETING_TYPES.map((k) => [k, { text: t(`meetings.type.${k}`) }]));

  const columns: ProColumns<MeetingRow>[] = [
    { title: t('meetings.title'), dataIndex: 'keyword', hideInTable: true },
    { title: t('meetings.title'), dataIndex: 'title', search: false, render: (_, r) => <Link to={`/meetings/${r.id}`} data-testid="meeting-link">{r.title}</Link> },
    { title: t('meetings.type'), dataIndex: 'type', valueType: 'select', valueEnum: typeEnum, render: (_, r) => r.typeName },
    { title: t('meetings.community'), dataIndex: 'communityName', search: false },
    { title: t('meetings.startsAt'), dataIndex: 'startsAt', search: false, render: (_, r) => formatTime(r.startsAt) },
    { title: t('meetings.place'), dataIndex: 'place', search: false },
    {
      title: t('common.status'),
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: Object.fromEntries(['scheduled', 'in_progress', 'closed', 'cancelled'].map((s) => [s, { text: t(`meetings.status.${s}` as 'meetings.status.closed') }])),
      render: (_, r) => <StatusTag status={r.status} label={r.statusName} />,
    },
  ];

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const created = await call(
        api.POST('/api/v1/meetings', {
          body: { communityId: v.communityId, type: v.type, title: v.title, startsAt: pickedInstant(v.startsAt as Dayjs), place: v.place, convener: v.convener, topicIds: v.topicIds ?? [], ...(v.memberIds?.length ? { memberIds: v.memberIds } : {}), guests: (v.guests ?? []).map((name: string) => ({ kind: 'stakeholder' as const, name })) },
        }),
      );
      message.success(t('common.saved'));
      setOpen(false);
      navigate(`/meetings/${created.id}`);
    } catch (error) {
      report(error, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageContainer title={t('meetings.meetings')}>
      <ListTable<MeetingRow>
        rowKey="id"
        columns={columns}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        toolBarRender={() => [
          <DownloadButton key="export" request={() => api.GET('/api/v1/meetings/export', { params: { query: filters.current }, parseAs: 'blob' })} fileName="meetings.xlsx" />,
          ...(can('meeting:write') ? [<Button key="new" type="primary" onClick={() => startNew('committee_regular')} data-testid="meeting-new">{t('meetings.new')}</Button>] : []),
        ]}
        request={async (params) => {
          const query = { current: params.current, pageSize: params.pageSize, ...(params.keyword ? { keyword: String(params.keyword) } : {}), ...(params.status ? { status: params.status } : {}), ...(params.type ? { type: params.type } : {}) };
          filters.current = { ...query, current: undefined, pageSize: undefined };
          const page = await call(api.GET('/api/v1/meetings', { params: { query } }));
          return { data: page.data, total: page.total, success: true };
        }}
      />
      <Modal open={open} title={t('meetings.new')} onCancel={() => setOpen(false)} onOk={() => void submit()} confirmLoading={busy} okButtonProps={{ 'data-testid': 'meeting-submit' } as never} width={640} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="communityId" label={t('meetings.community')} rules={[{ required: true }]}>
            <TerritorySelect levels={['community']} initialOption={mine ? { value: mine.id, label: mine.name } : null} />
          </Form.Item>
          <Form.Item name="type" label={t('meetings.type')} rules={[{ required: true }]}>
            <Select options={MEETING_TYPES.map((k) => ({ value: k, label: t(`meetings.type.${k}`) }))} data-testid="meeting-type" />
          </Form.Item>
          <Form.Item name="title" label={t('meetings.title')} rules={[{ required: true, max: 100 }]}><Input data-testid="meeting-title" /></Form.Item>
          <Form.Item name="startsAt" label={t('meetings.startsAt')} rules={[{ required: true }]}><DatePicker showTime format="YYYY-MM-DD HH:mm" data-testid="meeting-starts" /></Form.Item>
          <Form.Item name="place" label={t('meetings.place')} rules={[{ required: true, max: 200 }]}><Input data-testid="meeting-place" /></Form.Item>
          <Form.Item name="convener" label={t('meetings.convener')} rules={[{ required: true, max: 50 }]}><Input data-testid="meeting-convener" /></Form.Item>
          <Form.Item name="memberIds" label={t('meetings.invitees')}><Select mode="multiple" options={members} optionFilterProp="label" data-testid="meeting-members" /></Form.Item>
          <Form.Item name="topicIds" label={t('meetings.agenda')}><PoolPicker communityId={communityId ?? null} /></Form.Item>
          <Form.Item name="guests" label={t('meetings.guests')}><Select mode="tags" open={false} /></Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}

import { ModalForm, PageContainer, ProForm, ProFormDatePicker, ProFormDigit, ProFormRadio, ProFormRate, ProFormSelect, ProFormText, ProFormTextArea, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Button, Form, Image, Rate, Space, type UploadFile } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { api, call } from '../../api/client';
import { DownloadButton } from '../../components/DownloadButton';
import type { BodyOf, QueryOf, RowOf } from '../../api/types';
import { useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { PhotoUpload } from '../../components/PhotoUpload';
import { TerritorySelect } from '../../components/territory';
import { useT } from '../../i18n';
import { ListTable } from '../../components/ListTable';

type Row = RowOf<'/api/v1/service-records'>;
type RecordBody = BodyOf<'/api/v1/service-records'>;

/** 登记服务纪实: who (a confirmed unit or member), what, when, minutes, where, photos. */
function RecordServiceModal({ onDone }: { onDone: () => void }) {
  const t = useT();
  const report = useReportError();
  const [form] = Form.useForm();
  const [photos, setPhotos] = useState<UploadFile[]>([]);
  const subject = Form.useWatch('subject', form) ?? 'unit';
  const pick = async (kind: 'unit' | 'member') => {
    if (kind === 'unit') return (await call(api.GET('/api/v1/units', { params: { query: { status: 'confirmed', pageSize: 200 } } }))).data.map((u) => ({ value: u.id, label: u.name }));
    return (await call(api.GET('/api/v1/party-members', { params: { query: { status: 'confirmed', pageSize: 200 } } }))).data.map((m) => ({ value: m.id, label: `${m.name}（${m.employerName}）` }));
  };
  return (
    <ModalForm<Record<string, unknown>>
      form={form}
      title={t('services.record')}
      trigger={<Button type="primary" data-testid="service-record">{t('services.record')}</Button>}
      modalProps={{ destroyOnClose: true }}
      initialValues={{ subject: 'unit' }}
      onFinish={async ({ subject: kind, who, servedOn, ...values }) => {
        try {
          const photoIds = photos.flatMap((p) => (p.response?.id ? [p.response.id as number] : []));
          const body = { ...values, servedOn: dayjs(servedOn as string).format('YYYY-MM-DD'), ...(kind === 'unit' ? { unitId: who } : { partyMemberId: who }), ...(photoIds.length ? { photoIds } : {}) } as RecordBody;
          await call(api.POST('/api/v1/service-records', { body }));
          setPhotos([]);
          onDone();
          return true;
        } catch (error) {
          report(error, form, { unitId: 'who', partyMemberId: 'who' });
          return false;
        }
      }}
    >
      <ProFormRadio.Group name="subject" label={t('services.subject')} options={[{ value: 'unit', label: t('services.subject.unit') }, { value: 'member', label: t('services.subject.member') }]} />
      <ProFormSelect key={subject} name="who" label={t('services.subject')} request={() => pick(subject)} rules={[{ required: true }]} showSearch />
      <ProForm.Item name="communityId" label={t('units.community')} rules={[{ required: true }]}>
        <TerritorySelect levels={['community']} />
      </ProForm.Item>
      <ProForm.Item name="territoryId" label={t('services.where')} rules={[{ required: true }]}>
        <TerritorySelect levels={['community', 'grid', 'compound', 'building']} />
      </ProForm.Item>
      <ProFormText name="title" label={t('services.what')} rules={[{ required: true }]} fieldProps={{ maxLength: 200 }} />
      <ProFormDatePicker name="servedOn" label={t('services.when')} rules={[{ required: true }]} />
      <ProFormDigit name="minutes" label={t('services.minutes')} min={1} max={14400} fieldProps={{ precision: 0 }} rules={[{ required: true }]} />
      <PhotoUpload fileList={photos} onChange={setPhotos} max={9} upload={(data) => call(api.POST('/api/v1/service-photos', { body: data as never }))} />
    </ModalForm>
  );
}

function FeedbackModal({ row, onDone }: { row: Row; onDone: () => void }) {
  const t = useT();
  const report = useReportError();
  return (
    <ModalForm<{ rating: number; feedback?: string }>
      title={`${t('services.feedback')}：${row.title}`}
      trigger={<Button type="link" size="small">{t('services.rate')}</Button>}
      modalProps={{ destroyOnClose: true }}
      onFinish={async (values) => {
        try {
          await call(api.POST('/api/v1/service-records/{id}/feedback', { params: { path: { id: row.id } }, body: { ...values, version: row.version } }));
          onDone();
          return true;
        } catch (error) {
          report(error);
          return false;
        }
      }}
    >
      <ProFormRate name="rating" label={t('services.rate')} fieldProps={{ allowHalf: false }} rules={[{ required: true }]} />
      <ProFormTextArea name="feedback" label={t('services.comment')} fieldProps={{ maxLength: 1000 }} />
    </ModalForm>
  );
}

/** 服务纪实: what units and members did, with photos and the community's feedback. */
export default function ServicesPage() {
  const t = useT();
  const { can } = useSession();
  const ref = useRef<ActionType>(undefined);
  // The filters of the list as last loaded: the export takes the same ones.
  const filters = useRef<QueryOf<'/api/v1/service-records'>>({});
  const reload = () => void ref.current?.reload();
  const columns: ProColumns<Row>[] = [
    { title: t('services.keyword'), dataIndex: 'keyword', hideInTable: true, fieldProps: { 'data-testid': 'services-keyword' } },
    {
      title: t('services.subject'),
      dataIndex: 'subject',
      hideInTable: true,
      valueType: 'select',
      valueEnum: { unit: { text: t('services.subject.unit') }, member: { text: t('services.subject.member') } },
    },
    { title: t('services.community'), dataIndex: 'communityId', hideInTable: true, renderFormItem: () => <TerritorySelect levels={['community']} /> },
    { title: t('services.when'), dataIndex: 'servedRange', valueType: 'dateRange', hideInTable: true },
    { title: t('services.when'), dataIndex: 'servedOn', search: false },
    { title: t('services.subject'), dataIndex: 'who', search: false },
    { title: t('services.what'), dataIndex: 'title', search: false },
    { title: t('services.community'), dataIndex: 'communityName', search: false },
    { title: t('services.where'), dataIndex: 'territoryName', search: false },
    { title: t('services.minutes'), dataIndex: 'minutes', search: false, align: 'right' },
    {
      title: t('services.photos'),
      dataIndex: 'photos',
      search: false,
      render: (_, r) => (
        <Image.PreviewGroup>
          <Space size={4}>
            {r.photos.map((p) => (
              <Image key={p.id} width={40} height={40} src={p.thumbnailUrl} preview={{ src: p.url }} />
            ))}
          </Space>
        </Image.PreviewGroup>
      ),
    },
    {
      title: t('services.feedback'),
      dataIndex: 'feedbackRating',
      search: false,
      render: (_, r) => (r.feedbackRating ? <Rate disabled value={r.feedbackRating} style={{ fontSize: 12 }} /> : r.canFeedback ? <FeedbackModal row={r} onDone={reload} /> : '—'),
    },
  ];
  return (
    <PageContainer title={t('services.title')}>
      <ListTable<Row>
        rowKey="id"
        actionRef={ref}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: false, reload: true }}
        toolBarRender={() => [
          <DownloadButton key="export" data-testid="services-export" request={() => api.GET('/api/v1/service-records/export', { params: { query: filters.current }, parseAs: 'blob' })} fileName="service-records.xlsx" />,
          ...(can('unit:write') || can('unit:act') ? [<RecordServiceModal key="record" onDone={reload} />] : []),
        ]}
        request={async (params) => {
          const [from, to] = (params.servedRange as [string, string] | undefined) ?? [];
          const query = {
            current: params.current,
            pageSize: params.pageSize,
            ...(params.keyword ? { keyword: String(params.keyword).trim() } : {}),
            ...(params.subject ? { subject: params.subject as 'unit' | 'member' } : {}),
            ...(params.communityId ? { communityId: Number(params.communityId) } : {}),
            ...(from && to ? { from: dayjs(from).format('YYYY-MM-DD'), to: dayjs(to).format('YYYY-MM-DD') } : {}),
          };
          filters.current = { ...query, current: undefined, pageSize: undefined };
          const page = await call(api.GET('/api/v1/service-records', { params: { query } }));
          return { data: page.data, total: page.total, success: true };
        }}
      />
    </PageContainer>
  );
}

import { ModalForm, PageContainer, ProForm, ProFormDatePicker, ProFormDigit, ProFormRadio, ProFormRate, ProFormSelect, ProFormText, ProFormTextArea, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Button, Form, Image, Rate, Space, type UploadFile } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { api, call } from '../../api/client';
import type { BodyOf, RowOf } from '../../api/types';
import { useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { PhotoUpload } from '../../components/PhotoUpload';
import { TerritorySelect } from '../../components/territory';
import { useT } from '../../i18n';

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
  const reload = () => void ref.current?.reload();
  const columns: ProColumns<Row>[] = [
    { title: t('services.when'), dataIndex: 'servedOn' },
    { title: t('services.subject'), dataIndex: 'who' },
    { title: t('services.what'), dataIndex: 'title' },
    { title: t('services.where'), dataIndex: 'territoryName' },
    { title: t('services.minutes'), dataIndex: 'minutes', align: 'right' },
    {
      title: t('services.photos'),
      dataIndex: 'photos',
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
      render: (_, r) => (r.feedbackRating ? <Rate disabled value={r.feedbackRating} style={{ fontSize: 12 }} /> : r.canFeedback ? <FeedbackModal row={r} onDone={reload} /> : '—'),
    },
  ];
  return (
    <PageContainer title={t('services.title')}>
      <ProTable<Row>
        rowKey="id"
        actionRef={ref}
        columns={columns}
        search={false}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: false, reload: true }}
        toolBarRender={() => (can('unit:write') || can('unit:act') ? [<RecordServiceModal key="record" onDone={reload} />] : [])}
        request={async (params) => {
          const page = await call(api.GET('/api/v1/service-records', { params: { query: { current: params.current, pageSize: params.pageSize } } }));
          return { data: page.data, total: page.total, success: true };
        }}
      />
    </PageContainer>
  );
}

import { PageContainer, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Form, Input, InputNumber, Modal, Select, Tag } from 'antd';
import { useRef, useState } from 'react';
import { api, call } from '../../api/client';
import type { RowOf } from '../../api/types';
import { useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { TerritorySelect } from '../../components/territory';
import { useT } from '../../i18n';
import { ListTable } from '../../components/ListTable';

type Row = RowOf<'/api/v1/meetings/cadence'>;
const WEEKDAYS = '一二三四五六日';

/** 例会频次: per committee the last meeting and months without a 社工委例会 (at least monthly), and the recurring schedule. */
export default function CadencePage() {
  const t = useT();
  const { message } = App.useApp();
  const report = useReportError();
  const { can } = useSession();
  const ref = useRef<ActionType>(undefined);
  const [editing, setEditing] = useState<Row | null>(null);
  const [form] = Form.useForm();
  const schedule = (s: Row['schedule']) => (s ? t('meetings.cadence.every', { ordinal: s.ordinal, weekday: WEEKDAYS[s.weekday - 1] ?? '', time: s.time }) : '—');
  const columns: ProColumns<Row>[] = [
    { title: t('meetings.community'), dataIndex: 'territoryId', render: (_, r) => r.communityName, renderFormItem: () => <TerritorySelect levels={['city', 'district', 'street']} /> },
    { title: t('meetings.cadence.lastMeeting'), dataIndex: 'lastMeetingOn', search: false, render: (_, r) => r.lastMeetingOn ?? '—' },
    { title: t('meetings.cadence.lastRegular'), dataIndex: 'lastRegularOn', search: false, render: (_, r) => r.lastRegularOn ?? '—' },
    { title: t('meetings.cadence.flagged'), dataIndex: 'flagged', valueType: 'switch', render: (_, r) => (r.flagged ? <Tag color="red">{r.lastRegularOn ? t('meetings.cadence.monthsWithout', { n: r.monthsWithout }) : t('meetings.cadence.never')}</Tag> : <Tag color="green">{t('meetings.cadence.ok')}</Tag>) },
    { title: t('meetings.cadence.schedule'), dataIndex: 'schedule', search: false, render: (_, r) => schedule(r.schedule) },
    {
      title: t('common.actions'),
      search: false,
      render: (_, r) => (can('meeting:write') ? <Button size="small" onClick={() => { setEditing(r); form.setFieldsValue(r.schedule ?? { ordinal: 1, weekday: 2, time: '09:00', place: '' }); }}>{t('meetings.cadence.set')}</Button> : null),
    },
  ];
  const save = async (clear: boolean) => {
    if (!editing) return;
    try {
      const v = clear ? null : await form.validateFields();
      await call(api.PUT('/api/v1/meetings/cadence/{communityId}', { params: { path: { communityId: editing.communityId } }, body: { schedule: v } }));
      message.success(t('common.saved'));
      setEditing(null);
      ref.current?.reload();
    } catch (error) {
      report(error, form);
    }
  };
  return (
    <PageContainer title={t('meetings.cadence')}>
      <ListTable<Row>
        rowKey="communityId"
        actionRef={ref}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        request={async (params) => {
          const query = { current: params.current, pageSize: params.pageSize, ...(params.territoryId ? { territoryId: Number(params.territoryId) } : {}), ...(params.flagged ? { flagged: true } : {}) };
          const page = await call(api.GET('/api/v1/meetings/cadence', { params: { query } }));
          return { data: page.data, total: page.total, success: true };
        }}
      />
      <Modal open={editing !== null} title={`${t('meetings.cadence.set')}：${editing?.communityName ?? ''}`} onCancel={() => setEditing(null)} onOk={() => void save(false)} footer={(_, { OkBtn, CancelBtn }) => [<Button key="clear" danger onClick={() => void save(true)}>{t('meetings.cadence.clear')}</Button>, <CancelBtn key="c" />, <OkBtn key="o" />]}>
        <Form form={form} layout="vertical">
          <Form.Item name="ordinal" label={t('meetings.cadence.ordinal')} rules={[{ required: true }]}><InputNumber min={1} max={4} /></Form.Item>
          <Form.Item name="weekday" label={t('meetings.cadence.weekday')} rules={[{ required: true }]}><Select options={[...WEEKDAYS].map((d, i) => ({ value: i + 1, label: `周${d}` }))} /></Form.Item>
          <Form.Item name="time" label={t('meetings.cadence.time')} rules={[{ required: true, pattern: /^[0-2][0-9]:[0-5][0-9]$/ }]}><Input placeholder="09:00" /></Form.Item>
          <Form.Item name="place" label={t('meetings.place')} rules={[{ required: true, max: 200 }]}><Input /></Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}

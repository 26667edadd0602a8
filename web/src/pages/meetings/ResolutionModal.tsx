import { DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api, call } from '../../api/client';
import { useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import type { AgendaItem, MeetingDetail } from './labels';

const OUTCOMES = ['task', 'dispatch', 'project', 'reject'] as const;

/** Drafts the resolution of an agenda item: its text and what a pass creates (task, dispatch, project, reject). */
export function ResolutionModal({ meeting, item, onClose, onDone }: { meeting: MeetingDetail; item: AgendaItem | null; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const report = useReportError();
  const { me } = useSession();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [departments, setDepartments] = useState<{ value: number; label: string }[]>([]);
  const [categories, setCategories] = useState<{ value: string; label: string }[]>([]);
  const outcome = Form.useWatch('outcome', form) as (typeof OUTCOMES)[number] | undefined;

  useEffect(() => {
    if (!item) return;
    form.resetFields();
    form.setFieldsValue({ outcome: 'task', ownerUserId: me?.id });
    void (async () => {
      try {
        const [d, c] = await Promise.all([call(api.GET('/api/v1/departments', { params: { query: { pageSize: 100 } } })), call(api.GET('/api/v1/dicts/{type}/items', { params: { path: { type: 'case_category' }, query: { pageSize: 200 } } }))]);
        setDepartments(d.data.filter((x) => x.enabled).map((x) => ({ value: x.id, label: x.name })));
        setCategories(c.data.map((x) => ({ value: x.code, label: x.label })));
      } catch (error) {
        report(error);
      }
    })();
  }, [item, form, me, report]);

  const owners = [...(me ? [{ value: me.id, label: me.displayName }] : []), ...meeting.invitees.filter((i) => i.userId !== null && i.userId !== me?.id).map((i) => ({ value: i.userId!, label: i.name }))];
  const submit = async () => {
    if (!item) return;
    const v = await form.validateFields();
    setBusy(true);
    try {
      await call(
        api.POST('/api/v1/meetings/agenda/{id}/resolution', {
          params: { path: { id: item.id } },
          body: {
            text: v.text,
            outcome: v.outcome,
            ...(v.outcome === 'task' || v.outcome === 'project' ? { ownerUserId: v.ownerUserId, dueOn: v.dueOn ? (v.dueOn as Dayjs).format('YYYY-MM-DD') : undefined } : {}),
            ...(v.outcome === 'dispatch' ? { departmentId: v.departmentId, categoryCode: v.categoryCode } : {}),
            ...(v.outcome === 'reject' ? { reasons: v.reasons } : {}),
          },
        }),
      );
      onDone();
    } catch (error) {
      report(error, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={item !== null} title={t('meetings.resolution.propose')} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} okButtonProps={{ 'data-testid': 'resolution-submit' } as never} destroyOnHidden>
      <Form form={form} layout="vertical">
        <Form.Item name="text" label={t('meetings.resolution.text')} rules={[{ required: true, max: 2000 }]}><Input.TextArea rows={3} data-testid="resolution-text" /></Form.Item>
        <Form.Item name="outcome" label={t('meetings.outcome')} rules={[{ required: true }]}>
          <Select options={OUTCOMES.map((o) => ({ value: o, label: t(`meetings.outcome.${o}`) }))} data-testid="resolution-outcome" />
        </Form.Item>
        {outcome === 'task' || outcome === 'project' ? (
          <>
            <Form.Item name="ownerUserId" label={t('meetings.task.owner')} rules={[{ required: true }]}><Select options={owners} /></Form.Item>
            <Form.Item name="dueOn" label={t('meetings.task.dueOn')} rules={[{ required: true }]}><DatePicker /></Form.Item>
          </>
        ) : null}
        {outcome === 'dispatch' ? (
          <>
            <Form.Item name="departmentId" label={t('meetings.resolution.department')} rules={[{ required: true }]}><Select options={departments} data-testid="resolution-department" /></Form.Item>
            <Form.Item name="categoryCode" label={t('meetings.resolution.category')} rules={[{ required: true }]}><Select options={categories} data-testid="resolution-category" /></Form.Item>
          </>
        ) : null}
        {outcome === 'reject' ? <Form.Item name="reasons" label={t('meetings.resolution.reasons')} rules={[{ required: true, max: 2000 }]}><Input.TextArea rows={2} /></Form.Item> : null}
      </Form>
    </Modal>
  );
}

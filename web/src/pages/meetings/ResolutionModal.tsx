import { Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api, call } from '../../api/client';
import { useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import { FUNDING_SOURCES, toFen } from '../projects/labels';
import { DEMAND_CATEGORIES } from '../units/labels';
import type { AgendaItem, MeetingDetail } from './labels';

const OUTCOMES = ['task', 'dispatch', 'project', 'demand', 'reject'] as const;
const day = (v: unknown) => (v ? (v as Dayjs).format('YYYY-MM-DD') : undefined);
type Values = {
  text: string;
  outcome: (typeof OUTCOMES)[number];
  ownerUserId?: number;
  dueOn?: Dayjs;
  departmentId?: number;
  categoryCode?: string;
  reasons?: string;
  demand?: { category: (typeof DEMAND_CATEGORIES)[number]; quantity: number; quantityUnit?: string; place?: string; neededBy?: Dayjs };
  project?: { beneficiaries?: string; fundingSource: (typeof FUNDING_SOURCES)[number]; lines: { name: string; amount: number }[] };
};

/**
 * Drafts the resolution of an agenda item: its text and what a pass creates (task,
 * dispatch, a project draft with its budget, a demand for outside help, reject).
 */
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
    form.setFieldsValue({ outcome: 'task', ownerUserId: me?.id, demand: { quantity: 1, quantityUnit: '次' }, project: { fundingSource: 'work_fund', lines: [{ name: '', amount: undefined }] } });
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
    const v = (await form.validateFields()) as Values;
    setBusy(true);
    try {
      await call(
        api.POST('/api/v1/meetings/agenda/{id}/resolution', {
          params: { path: { id: item.id } },
          body: {
            text: v.text,
            outcome: v.outcome,
            ...(v.outcome === 'task' ? { ownerUserId: v.ownerUserId, dueOn: day(v.dueOn) } : {}),
            ...(v.outcome === 'demand' && v.demand ? { demand: { ...v.demand, place: v.demand.place || undefined, quantityUnit: v.demand.quantityUnit || undefined, neededBy: day(v.demand.neededBy) } } : {}),
            ...(v.outcome === 'project' && v.project
              ? { project: { fundingSource: v.project.fundingSource, beneficiaries: v.project.beneficiaries?.trim() || undefined, lines: v.project.lines.map((l) => ({ name: l.name.trim(), amount: toFen(l.amount) })) } }
              : {}),
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
        {outcome === 'task' ? (
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
        {outcome === 'demand' ? (
          <>
            <Form.Item name={['demand', 'category']} label={t('resources.category')} rules={[{ required: true }]}>
              <Select options={DEMAND_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))} data-testid="resolution-demand-category" />
            </Form.Item>
            <Space>
              <Form.Item name={['demand', 'quantity']} label={t('demands.quantity')} rules={[{ required: true }]}><InputNumber min={1} precision={0} data-testid="resolution-demand-quantity" /></Form.Item>
              <Form.Item name={['demand', 'quantityUnit']} label={t('demands.quantityUnit')}><Input maxLength={10} /></Form.Item>
            </Space>
            <Form.Item name={['demand', 'place']} label={t('demands.place')}><Input maxLength={200} data-testid="resolution-demand-place" /></Form.Item>
            <Form.Item name={['demand', 'neededBy']} label={t('demands.neededBy')}><DatePicker /></Form.Item>
          </>
        ) : null}
        {outcome === 'project' ? (
          <>
            <Form.Item name={['project', 'beneficiaries']} label={t('meetings.project.beneficiaries')} rules={[{ max: 1000 }]}><Input /></Form.Item>
            <Form.Item name={['project', 'fundingSource']} label={t('project.fundingSource')} rules={[{ required: true }]}>
              <Select options={FUNDING_SOURCES.map((f) => ({ value: f, label: t(`project.funding.${f}`) }))} />
            </Form.Item>
            <Form.List name={['project', 'lines']}>
              {(lines, { add, remove }) => (
                <>
                  {lines.map((line) => (
                    <Space key={line.key} align="baseline">
                      <Form.Item name={[line.name, 'name']} rules={[{ required: true, max: 100 }]}><Input placeholder={t('meetings.project.lineName')} data-testid="resolution-line-name" /></Form.Item>
                      <Form.Item name={[line.name, 'amount']} rules={[{ required: true }]}><InputNumber min={0.01} precision={2} placeholder={t('meetings.project.lineAmount')} data-testid="resolution-line-amount" /></Form.Item>
                      {lines.length > 1 ? <Button type="link" onClick={() => remove(line.name)}>×</Button> : null}
                    </Space>
                  ))}
                  <Button type="dashed" onClick={() => add({ name: '', amount: undefined })} block>{t('meetings.project.addLine')}</Button>
                </>
              )}
            </Form.List>
          </>
        ) : null}
        {outcome === 'reject' ? <Form.Item name="reasons" label={t('meetings.resolution.reasons')} rules={[{ required: true, max: 2000 }]}><Input.TextArea rows={2} /></Form.Item> : null}
      </Form>
    </Modal>
  );
}

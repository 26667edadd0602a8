import { AutoComplete, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { api, call } from '../../api/client';
import { useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import type { TopicDetail } from './labels';

/** The categories of the community's 协商目录 to pick from; free text stays allowed, and readers without consultation:read just type. */
export function CategoryInput({ id, value, onChange, communityId }: { id?: string; value?: string; onChange?: (v: string) => void; communityId: number | null }) {
  const t = useT();
  const { can } = useSession();
  const allowed = can('consultation:read');
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  useEffect(() => {
    if (!communityId || !allowed) return setOptions([]);
    let live = true;
    call(api.GET('/api/v1/consultations/catalogue', { params: { query: { communityId } } })).then(
      (rows) => live && setOptions(rows.map((e) => ({ value: e.category, label: `${e.category}（${t(`consultation.requirement.${e.requirement}`)}）` }))),
      () => live && setOptions([]),
    );
    return () => {
      live = false;
    };
  }, [communityId, allowed, t]);
  return <AutoComplete id={id} value={value} onChange={onChange} options={options} allowClear filterOption={(input, o) => String(o?.value ?? '').includes(input)} placeholder={t('meetings.topic.categoryHint')} data-testid="topic-category" />;
}

type EditValues = { title: string; category?: string; background?: string; stakeholders?: string; suggestion?: string };

/** 修改议题: the wording and category of a topic still waiting or on an agenda (the server records only what changed). */
export function TopicEditModal({ topic, open, onClose, onSaved }: { topic: TopicDetail; open: boolean; onClose: () => void; onSaved: (topic: TopicDetail) => void }) {
  const t = useT();
  const report = useReportError();
  const [form] = Form.useForm<EditValues>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (open) form.setFieldsValue({ title: topic.title, category: topic.category ?? '', background: topic.background, stakeholders: topic.stakeholders ?? '', suggestion: topic.suggestion ?? '' });
  }, [open, topic, form]);
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const body = { version: topic.version, title: v.title, category: v.category ?? '', background: v.background ?? '', stakeholders: v.stakeholders ?? '', suggestion: v.suggestion ?? '' };
      onSaved(await call(api.PATCH('/api/v1/meetings/topics/{id}', { params: { path: { id: topic.id } }, body })));
    } catch (error) {
      report(error, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('meetings.topic.edit')} onCancel={onClose} onOk={() => void save()} confirmLoading={busy} okButtonProps={{ 'data-testid': 'topic-edit-submit' } as never} width={640} destroyOnHidden>
      <Form form={form} layout="vertical">
        <Form.Item name="title" label={t('meetings.topic.title')} rules={[{ required: true, whitespace: true, max: 100 }]}><Input data-testid="topic-title" /></Form.Item>
        <Form.Item name="category" label={t('meetings.topic.category')} rules={[{ max: 50 }]}><CategoryInput communityId={topic.communityId} /></Form.Item>
        <Form.Item name="background" label={t('meetings.topic.background')} rules={[{ max: 4000 }]}><Input.TextArea rows={3} /></Form.Item>
        <Form.Item name="stakeholders" label={t('meetings.topic.stakeholders')} rules={[{ max: 1000 }]}><Input /></Form.Item>
        <Form.Item name="suggestion" label={t('meetings.topic.suggestion')} rules={[{ max: 2000 }]}><Input.TextArea rows={2} /></Form.Item>
      </Form>
    </Modal>
  );
}

import { ModalForm, ProFormDatePicker, ProFormDigit, ProFormSelect, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { App, Button, Form } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef } from 'react';
import { Link } from 'react-router-dom';
import { api, call } from '../../api/client';
import { useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import type { MeetingRow } from '../meetings/labels';
import { parseParticipants, type ConsultationAction, type ConsultationDetail } from './labels';
import { formatDay, formatTime } from '../../time';

type Fields = { meetingId?: number; proposal?: string; comment?: string; heldOn?: Dayjs; place?: string; participants?: string; outcome?: string; votesFor?: number; votesAgainst?: number; votesAbstain?: number; result?: string };

/** One step of the loop with the words it needs: the proposal, a review comment, the meeting record, the result. */
export function StepModal({ item, action, onClose, onDone }: { item: ConsultationDetail; action: ConsultationAction | null; onClose: () => void; onDone: (next: ConsultationDetail) => void }) {
  const t = useT();
  const report = useReportError();
  const { message } = App.useApp();
  const { can } = useSession();
  const [form] = Form.useForm<Fields>();
  const meetings = useRef(new Map<number, MeetingRow>());
  if (!action) return null;
  const path = { path: { id: item.id } };
  const version = item.version;

  const fire = (v: Fields) => {
    switch (action) {
      case 'close_collection':
        return call(api.POST('/api/v1/consultations/{id}/close-collection', { params: path, body: { version } }));
      case 'propose':
        return call(api.POST('/api/v1/consultations/{id}/propose', { params: path, body: { version, proposal: v.proposal!.trim() } }));
      case 'approve':
        return call(api.POST('/api/v1/consultations/{id}/approve', { params: path, body: { version, comment: v.comment?.trim() || undefined } }));
      case 'send_back':
        return call(api.POST('/api/v1/consultations/{id}/send-back', { params: path, body: { version, comment: v.comment?.trim() || undefined } }));
      case 'consult':
        return call(
          api.POST('/api/v1/consultations/{id}/consult', {
            params: path,
            body: { version, meetingId: v.meetingId ?? undefined, heldOn: dayjs(v.heldOn).format('YYYY-MM-DD'), place: v.place!.trim(), participants: parseParticipants(v.participants ?? ''), outcome: v.outcome!.trim(), votesFor: v.votesFor ?? 0, votesAgainst: v.votesAgainst ?? 0, votesAbstain: v.votesAbstain ?? 0 },
          }),
        );
      case 'conclude':
        return call(api.POST('/api/v1/consultations/{id}/conclude', { params: path, body: { version, result: v.result!.trim() } }));
    }
  };

  return (
    <ModalForm<Fields>
      open
      form={form}
      title={t(`consultation.action.${action}`)}
      width={620}
      initialValues={{ proposal: item.proposal ?? undefined, heldOn: dayjs(formatDay()), votesFor: 0, votesAgainst: 0, votesAbstain: 0 }}
      modalProps={{ destroyOnHidden: true, onCancel: onClose }}
      submitter={{ submitButtonProps: { 'data-testid': 'step-submit' } as never }}
      onValuesChange={(changed: Fields) => {
        // Picking the 议事协商会 copies its date and place; staff may still correct them.
        const m = changed.meetingId ? meetings.current.get(changed.meetingId) : undefined;
        if (m) form.setFieldsValue({ heldOn: dayjs(formatDay(m.startsAt)), place: m.place });
      }}
      onFinish={async (values) => {
        try {
          const next = await fire(values);
          message.success(t('consultation.done'));
          onDone(next);
          return true;
        } catch (error) {
          report(error, form);
          return false;
        }
      }}
    >
      {action === 'propose' ? <ProFormTextArea name="proposal" label={t('consultation.proposal')} rules={[{ required: true, whitespace: true }]} fieldProps={{ id: 'step-proposal', rows: 5 }} /> : null}
      {action === 'approve' || action === 'send_back' ? (
        <ProFormTextArea name="comment" label={t('consultation.reviewComment')} rules={action === 'send_back' ? [{ required: true, whitespace: true }] : []} fieldProps={{ id: 'step-comment', rows: 3 }} />
      ) : null}
      {action === 'consult' ? (
        <>
          {can('meeting:read') ? (
            <ProFormSelect
              name="meetingId"
              label={t('consultation.meeting')}
              extra={t('consultation.meetingHint')}
              allowClear
              fieldProps={{ id: 'step-meeting', optionFilterProp: 'label' }}
              addonAfter={can('meeting:write') ? <Link to="/meetings?new=consultation"><Button data-testid="step-schedule-meeting">{t('consultation.scheduleMeeting')}</Button></Link> : undefined}
              request={async () => {
                const page = await call(api.GET('/api/v1/meetings', { params: { query: { communityId: item.communityId, type: 'consultation', pageSize: 50 } } }));
                const rows = page.data.filter((m) => m.status !== 'cancelled');
                meetings.current = new Map(rows.map((m) => [m.id, m]));
                return rows.map((m) => ({ value: m.id, label: `${m.title}（${formatTime(m.startsAt)}）` }));
              }}
            />
          ) : null}
          <ProFormDatePicker name="heldOn" label={t('consultation.heldOn')} rules={[{ required: true }]} />
          <ProFormText name="place" label={t('consultation.place')} rules={[{ required: true, whitespace: true }]} fieldProps={{ id: 'step-place' }} />
          <ProFormTextArea name="participants" label={t('consultation.participants')} rules={[{ required: true, whitespace: true }]} fieldProps={{ id: 'step-participants', rows: 4 }} />
          <ProFormTextArea name="outcome" label={t('consultation.outcome')} rules={[{ required: true, whitespace: true }]} fieldProps={{ id: 'step-outcome', rows: 3 }} />
          <ProFormDigit name="votesFor" label={t('consultation.votesFor')} min={0} fieldProps={{ precision: 0, id: 'step-votes-for' }} />
          <ProFormDigit name="votesAgainst" label={t('consultation.votesAgainst')} min={0} fieldProps={{ precision: 0 }} />
          <ProFormDigit name="votesAbstain" label={t('consultation.votesAbstain')} min={0} fieldProps={{ precision: 0 }} />
        </>
      ) : null}
      {action === 'conclude' ? <ProFormTextArea name="result" label={t('consultation.result')} rules={[{ required: true, whitespace: true }]} fieldProps={{ id: 'step-result', rows: 4 }} /> : null}
    </ModalForm>
  );
}

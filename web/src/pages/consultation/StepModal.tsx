import { ModalForm, ProFormDatePicker, ProFormDigit, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { App, Form } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, call } from '../../api/client';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import { parseParticipants, type ConsultationAction, type ConsultationDetail } from './labels';

type Fields = { proposal?: string; comment?: string; heldOn?: Dayjs; place?: string; participants?: string; outcome?: string; votesFor?: number; votesAgainst?: number; votesAbstain?: number; result?: string };

/** One step of the loop with the words it needs: the proposal, a review comment, the meeting record, the result. */
export function StepModal({ item, action, onClose, onDone }: { item: ConsultationDetail; action: ConsultationAction | null; onClose: () => void; onDone: (next: ConsultationDetail) => void }) {
  const t = useT();
  const report = useReportError();
  const { message } = App.useApp();
  const [form] = Form.useForm<Fields>();
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
            body: { version, heldOn: dayjs(v.heldOn).format('YYYY-MM-DD'), place: v.place!.trim(), participants: parseParticipants(v.participants ?? ''), outcome: v.outcome!.trim(), votesFor: v.votesFor ?? 0, votesAgainst: v.votesAgainst ?? 0, votesAbstain: v.votesAbstain ?? 0 },
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
      initialValues={{ proposal: item.proposal ?? undefined, heldOn: dayjs(), votesFor: 0, votesAgainst: 0, votesAbstain: 0 }}
      modalProps={{ destroyOnHidden: true, onCancel: onClose }}
      submitter={{ submitButtonProps: { 'data-testid': 'step-submit' } as never }}
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

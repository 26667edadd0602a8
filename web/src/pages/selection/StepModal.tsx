import { ModalForm, ProFormDatePicker, ProFormTextArea } from '@ant-design/pro-components';
import { App, Form } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, call } from '../../api/client';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import type { RoundAction, RoundDetail } from './labels';

type Fields = { comment?: string; deviationReason?: string; appointedOn?: Dayjs; note?: string };

/** One step of the round, with the words it needs: a review comment, a deviation reason, a date. */
export function StepModal({ round, action, onClose, onDone }: { round: RoundDetail; action: RoundAction | null; onClose: () => void; onDone: (r: RoundDetail) => void }) {
  const t = useT();
  const report = useReportError();
  const { message } = App.useApp();
  const [form] = Form.useForm<Fields>();
  const broken = round.composition.warnings.length > 0;
  if (!action) return null;

  const fire = async (v: Fields) => {
    const path = { path: { id: round.id } };
    const version = round.version;
    const trim = (s?: string) => s?.trim() || undefined;
    switch (action) {
      case 'submit':
        return call(api.POST('/api/v1/selection/rounds/{id}/submit', { params: path, body: { version, deviationReason: trim(v.deviationReason) } }));
      case 'appoint':
        return call(api.POST('/api/v1/selection/rounds/{id}/appoint', { params: path, body: { version, deviationReason: trim(v.deviationReason), appointedOn: v.appointedOn ? dayjs(v.appointedOn).format('YYYY-MM-DD') : undefined } }));
      case 'approve':
        return call(api.POST('/api/v1/selection/rounds/{id}/approve', { params: path, body: { version, comment: trim(v.comment) } }));
      case 'return':
        return call(api.POST('/api/v1/selection/rounds/{id}/return', { params: path, body: { version, comment: trim(v.comment) } }));
      case 'announce':
        return call(api.POST('/api/v1/selection/rounds/{id}/announce', { params: path, body: { version } }));
      case 'close_collection':
        return call(api.POST('/api/v1/selection/rounds/{id}/close-collection', { params: path, body: { version } }));
      case 'revise':
        return call(api.POST('/api/v1/selection/rounds/{id}/revise', { params: path, body: { version } }));
      case 'publish':
        return call(api.POST('/api/v1/selection/rounds/{id}/publish', { params: path, body: { version } }));
      case 'cancel':
        return call(api.POST('/api/v1/selection/rounds/{id}/cancel', { params: path, body: { version, note: trim(v.note) } }));
      default:
        throw new Error(action);
    }
  };

  return (
    <ModalForm<Fields>
      open
      form={form}
      title={t(`selection.action.${action}`)}
      width={560}
      modalProps={{ destroyOnHidden: true, onCancel: onClose }}
      submitter={{ submitButtonProps: { 'data-testid': 'step-submit' } as never }}
      onFinish={async (values) => {
        try {
          const next = await fire(values);
          message.success(t('selection.done'));
          onDone(next);
          return true;
        } catch (error) {
          report(error, form);
          return false;
        }
      }}
    >
      {action === 'approve' || action === 'return' ? (
        <ProFormTextArea name="comment" label={t('selection.comment')} rules={action === 'return' ? [{ required: true, whitespace: true }] : []} fieldProps={{ id: 'step-comment', maxLength: 2000 }} />
      ) : null}
      {action === 'submit' || action === 'appoint' ? (
        <ProFormTextArea
          name="deviationReason"
          label={t('selection.deviationReason')}
          extra={t('selection.deviationHint')}
          initialValue={round.deviationReason ?? undefined}
          rules={broken && !round.deviationReason ? [{ required: true, whitespace: true }] : []}
          fieldProps={{ id: 'step-deviation', maxLength: 500 }}
        />
      ) : null}
      {action === 'appoint' ? <ProFormDatePicker name="appointedOn" label={t('selection.appointedOn')} /> : null}
      {action === 'cancel' ? <ProFormTextArea name="note" label={t('selection.reason')} fieldProps={{ maxLength: 500 }} /> : null}
    </ModalForm>
  );
}

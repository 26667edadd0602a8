import { ModalForm, ProFormDatePicker, ProFormDigit, ProFormRate, ProFormSelect, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { App, Form } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, call } from '../../api/client';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import { toFen, type ProjectAction, type ProjectDetail } from './labels';

type Fields = {
  comment?: string;
  note?: string;
  unitId?: number;
  teamName?: string;
  title?: string;
  progress?: number;
  reachedOn?: Dayjs | string;
  lineId?: number;
  amount?: number;
  memo?: string;
  summary?: string;
  score?: number;
  adjusted?: Record<string, number>;
};

const trim = (s?: string) => s?.trim() || undefined;

/** One step of a project with the words and numbers it needs; the server's state table has the last word. */
export function ActionModal({ project, action, onClose, onDone }: { project: ProjectDetail; action: ProjectAction | null; onClose: () => void; onDone: (p: ProjectDetail) => void }) {
  const t = useT();
  const report = useReportError();
  const { message } = App.useApp();
  const [form] = Form.useForm<Fields>();
  if (!action) return null;
  const path = { path: { id: project.id } };
  const version = project.version;

  const fire = (v: Fields): Promise<ProjectDetail> => {
    switch (action) {
      case 'apply':
        return call(api.POST('/api/v1/projects/{id}/apply', { params: path, body: { version } }));
      case 'approve':
        return call(api.POST('/api/v1/projects/{id}/approve', { params: path, body: { version, comment: trim(v.comment) } }));
      case 'reject':
        return call(api.POST('/api/v1/projects/{id}/reject', { params: path, body: { version, comment: trim(v.comment) } }));
      case 'adjust':
        return call(api.POST('/api/v1/projects/{id}/adjust', { params: path, body: { version, comment: trim(v.comment), lines: project.lines.map((l) => ({ lineId: l.id, amount: toFen(v.adjusted?.[l.id] ?? 0) })) } }));
      case 'assign':
        return call(api.POST('/api/v1/projects/{id}/assign', { params: path, body: { version, unitId: v.unitId, teamName: trim(v.teamName) } }));
      case 'invite':
        return call(api.POST('/api/v1/projects/{id}/invite', { params: path, body: { version, unitId: v.unitId! } }));
      case 'claim':
        return call(api.POST('/api/v1/projects/{id}/claim', { params: path, body: { version, unitId: v.unitId!, note: trim(v.note) } }));
      case 'accept':
        return call(api.POST('/api/v1/projects/{id}/accept', { params: path, body: { version } }));
      case 'decline':
        return call(api.POST('/api/v1/projects/{id}/decline', { params: path, body: { version, note: trim(v.note) } }));
      case 'confirm_claim':
        return call(api.POST('/api/v1/projects/{id}/confirm-claim', { params: path, body: { version } }));
      case 'refuse_claim':
        return call(api.POST('/api/v1/projects/{id}/refuse-claim', { params: path, body: { version, note: trim(v.note) } }));
      case 'milestone':
        return call(api.POST('/api/v1/projects/{id}/milestones', { params: path, body: { version, title: v.title!.trim(), progress: v.progress!, reachedOn: dayjs(v.reachedOn).format('YYYY-MM-DD'), note: trim(v.note) } }));
      case 'expense':
        return call(api.POST('/api/v1/projects/{id}/expenses', { params: path, body: { version, lineId: v.lineId!, amount: toFen(v.amount!), memo: v.memo!.trim() } }));
      case 'complete':
        return call(api.POST('/api/v1/projects/{id}/complete', { params: path, body: { version, summary: v.summary!.trim() } }));
      case 'evaluate':
        return call(api.POST('/api/v1/projects/{id}/evaluate', { params: path, body: { version, score: v.score!, comment: trim(v.comment) } }));
      case 'archive':
        return call(api.POST('/api/v1/projects/{id}/archive', { params: path, body: { version } }));
    }
  };

  const unitField = (options: { id: number; name: string }[] | undefined, required: boolean) => (
    <ProFormSelect
      name="unitId"
      label={t('project.unit')}
      rules={[{ required }]}
      options={options?.map((u) => ({ value: u.id, label: u.name }))}
      request={options ? undefined : async () => (await call(api.GET('/api/v1/funds/communities/{id}/units', { params: { path: { id: project.communityId } } }))).map((u) => ({ value: u.id, label: u.name }))}
      fieldProps={{ id: 'unitId', 'data-testid': 'action-unit' } as never}
    />
  );

  return (
    <ModalForm<Fields>
      open
      form={form}
      title={t(`project.action.${action}`)}
      width={600}
      initialValues={{ reachedOn: dayjs(), adjusted: Object.fromEntries(project.lines.map((l) => [l.id, l.requestedAmount / 100])) }}
      modalProps={{ destroyOnHidden: true, onCancel: onClose }}
      submitter={{ submitButtonProps: { 'data-testid': 'action-submit' } as never }}
      onFinish={async (values) => {
        try {
          const next = await fire(values);
          message.success(t('project.done'));
          onDone(next);
          return true;
        } catch (e) {
          report(e, form, { amount: 'amount', lineId: 'lineId', progress: 'progress' });
          return false;
        }
      }}
    >
      {['approve', 'reject', 'adjust'].includes(action) ? <ProFormTextArea name="comment" label={t('project.comment')} rules={[{ required: action === 'reject' }]} /> : null}
      {action === 'adjust'
        ? project.lines.map((l) => <ProFormDigit key={l.id} name={['adjusted', String(l.id)]} label={l.name} min={0} fieldProps={{ precision: 2 }} />)
        : null}
      {action === 'assign' ? (
        <>
          {unitField(undefined, false)}
          <ProFormText name="teamName" label={t('project.teamName')} tooltip={t('project.teamHint')} />
        </>
      ) : null}
      {action === 'invite' ? unitField(undefined, true) : null}
      {action === 'claim' ? unitField(project.myUnits, true) : null}
      {['decline', 'refuse_claim', 'claim'].includes(action) ? <ProFormTextArea name="note" label={t('project.comment')} /> : null}
      {action === 'milestone' ? (
        <>
          <ProFormText name="title" label={t('project.milestoneTitle')} rules={[{ required: true, max: 200 }]} fieldProps={{ 'data-testid': 'milestone-title' } as never} />
          <ProFormDigit name="progress" label={t('project.progress')} min={0} max={100} rules={[{ required: true }]} fieldProps={{ id: 'progress', precision: 0, 'data-testid': 'milestone-progress' } as never} />
          <ProFormDatePicker name="reachedOn" label={t('project.reachedOn')} rules={[{ required: true }]} />
        </>
      ) : null}
      {action === 'expense' ? (
        <>
          <ProFormSelect name="lineId" label={t('project.lineName')} rules={[{ required: true }]} options={project.lines.map((l) => ({ value: l.id, label: `${l.name}（剩余 ${(l.remainingAmount / 100).toFixed(2)} 元）` }))} fieldProps={{ id: 'lineId', 'data-testid': 'expense-line' } as never} />
          <ProFormDigit name="amount" label={t('project.lineAmount')} min={0.01} rules={[{ required: true }]} fieldProps={{ id: 'amount', precision: 2, 'data-testid': 'expense-amount' } as never} />
          <ProFormText name="memo" label={t('project.memo')} rules={[{ required: true, max: 500 }]} fieldProps={{ 'data-testid': 'expense-memo' } as never} />
        </>
      ) : null}
      {action === 'complete' ? <ProFormTextArea name="summary" label={t('project.summary')} rules={[{ required: true, max: 5000 }]} fieldProps={{ 'data-testid': 'complete-summary' } as never} /> : null}
      {action === 'evaluate' ? (
        <>
          <ProFormRate name="score" label={t('project.score')} rules={[{ required: true }]} fieldProps={{ allowHalf: false, 'data-testid': 'evaluate-score' } as never} />
          <ProFormTextArea name="comment" label={t('project.comment')} />
        </>
      ) : null}
    </ModalForm>
  );
}

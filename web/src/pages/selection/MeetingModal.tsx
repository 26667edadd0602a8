import { ModalForm, ProFormDatePicker, ProFormTextArea } from '@ant-design/pro-components';
import { App, Form, Input, Radio, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import { useLabel, type CandidateRow, type RoundDetail } from './labels';

type Decision = { proposed: boolean; reason?: string };
type Fields = { meetingDate: Dayjs; attendees: string; note?: string };

/** 社区党组织会议讨论决定: the meeting and a decision for every candidate. */
export function MeetingModal({ round, candidates, open, onClose, onDone }: { round: RoundDetail; candidates: CandidateRow[]; open: boolean; onClose: () => void; onDone: (r: RoundDetail) => void }) {
  const t = useT();
  const label = useLabel();
  const report = useReportError();
  const { message } = App.useApp();
  const [form] = Form.useForm<Fields>();
  const open_ = candidates.filter((c) => ['nominated', 'proposed', 'not_proposed'].includes(c.status));
  const [decisions, setDecisions] = useState<Record<number, Decision>>({});
  const decisionOf = (c: CandidateRow): Decision => decisions[c.id] ?? { proposed: c.status !== 'not_proposed', reason: c.decisionReason ?? undefined };
  const set = (id: number, d: Partial<Decision>) => setDecisions((all) => ({ ...all, [id]: { ...decisionOf(open_.find((c) => c.id === id)!), ...d } }));

  return (
    <ModalForm<Fields>
      open={open}
      form={form}
      title={t('selection.action.meeting')}
      width={820}
      initialValues={{ meetingDate: round.meetingDate ? dayjs(round.meetingDate) : dayjs(), attendees: round.meetingAttendees ?? '', note: round.meetingNote ?? '' }}
      modalProps={{ destroyOnHidden: true, onCancel: onClose }}
      submitter={{ submitButtonProps: { 'data-testid': 'meeting-submit' } as never }}
      onFinish={async (v) => {
        try {
          const next = await call(
            api.PUT('/api/v1/selection/rounds/{id}/meeting', {
              params: { path: { id: round.id } },
              body: {
                version: round.version,
                meetingDate: dayjs(v.meetingDate).format('YYYY-MM-DD'),
                attendees: v.attendees.trim(),
                note: v.note?.trim() || undefined,
                decisions: open_.map((c) => {
                  const d = decisionOf(c);
                  return { candidateId: c.id, proposed: d.proposed, reason: d.proposed ? undefined : d.reason?.trim() || undefined };
                }),
              },
            }),
          );
          message.success(t('selection.done'));
          onDone(next);
          return true;
        } catch (error) {
          report(error, form);
          return false;
        }
      }}
    >
      <ProFormDatePicker name="meetingDate" label={t('selection.meetingDate')} rules={[{ required: true }]} />
      <ProFormTextArea name="attendees" label={t('selection.attendees')} rules={[{ required: true, whitespace: true }]} fieldProps={{ id: 'meeting-attendees', rows: 2 }} />
      <ProFormTextArea name="note" label={t('selection.meetingNote')} fieldProps={{ rows: 2 }} />
      <Table<CandidateRow>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={open_}
        columns={[
          { title: t('selection.name'), dataIndex: 'name', width: 100 },
          { title: t('selection.proposedRole'), dataIndex: 'proposedRole', width: 100, render: (v: string) => label('selection.role.', v) },
          {
            title: t('selection.decision'),
            key: 'decision',
            width: 200,
            render: (_, c) => (
              <span data-testid={`decision-${c.name}`}>
                <Radio.Group value={decisionOf(c).proposed} onChange={(e) => set(c.id, { proposed: e.target.value as boolean })}>
                  <Radio value>{t('selection.propose')}</Radio>
                  <Radio value={false}>{t('selection.notPropose')}</Radio>
                </Radio.Group>
              </span>
            ),
          },
          {
            title: t('selection.reason'),
            key: 'reason',
            render: (_, c) => (decisionOf(c).proposed ? null : <Input value={decisionOf(c).reason} maxLength={500} onChange={(e) => set(c.id, { reason: e.target.value })} data-testid={`reason-${c.name}`} />),
          },
        ]}
      />
    </ModalForm>
  );
}

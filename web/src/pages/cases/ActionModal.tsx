import { ModalForm, ProForm, ProFormDateTimePicker, ProFormDependency, ProFormDigit, ProFormRadio, ProFormSelect, ProFormSwitch, ProFormTextArea } from '@ant-design/pro-components';
import { Alert, App, Form, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { api, ApiError, call } from '../../api/client';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import { DispatchFields, MergeTargetSelect } from './ActionFields';
import { PhotoField } from './CasePhotos';
import { enumOptions, pendingChanged, TIERS, useCategories, useLabel, type Action, type CaseDetail, type Tier } from './labels';
import { pickedInstant } from '../../time';

/** Every step a person can take from the detail page: the state table's actions plus the two extension steps. */
export type Step = Action | 'extension_request' | 'extension_decide';

const RETURN_REASONS = ['not_our_locality', 'unclear_ownership', 'not_our_remit', 'other'] as const;
const RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
const NEXT_TIER: Record<Tier, Tier | null> = { routine: 'joint', joint: 'tough', tough: null };

/** The route of each step (routes.ts: one POST per action, `_` spelled `-`). */
function pathOf(step: Step): string {
  if (step === 'extension_request') return '/api/v1/cases/{id}/extension';
  if (step === 'extension_decide') return '/api/v1/cases/{id}/extension/decision';
  return `/api/v1/cases/{id}/${step.replace('_', '-')}`;
}

type Values = Record<string, unknown>;

/** Form values → the action's body: trimmed text, empty fields left out, the version read. */
function bodyOf(step: Step, values: Values, version: number): Record<string, unknown> {
  const body: Record<string, unknown> = { version };
  for (const [key, raw] of Object.entries(values)) {
    const value = typeof raw === 'string' ? raw.trim() : raw;
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    body[key] = value;
  }
  if (step === 'accept' && body.solveBy) body.solveBy = pickedInstant(body.solveBy as Dayjs);
  if (step === 'dispatch') {
    if (body.mode === 'community') {
      body.toCommunity = true;
      delete body.assigneeUserId;
    }
    delete body.mode;
  }
  return body;
}

/** The fields of each step's form; names are the body's, so the server's field errors land on them. */
function StepFields({ step, c }: { step: Step; c: CaseDetail }) {
  const t = useT();
  const label = useLabel();
  const categories = useCategories();
  const reason = (name = 'reason', text = t('form.reason'), required = true) => (
    <ProFormTextArea name={name} label={text} rules={[{ required, whitespace: required }, { max: 500 }]} fieldProps={{ id: `action-${name}`, rows: 3, maxLength: 500, showCount: true }} />
  );
  const note = reason('note', t('form.note'), false);
  switch (step) {
    case 'accept':
      return (
        <>
          <ProFormRadio.Group
            name="tier"
            label={t('form.tier')}
            radioType="button"
            options={TIERS.map((tier) => ({ value: tier, label: label(`tier.${tier}`), title: label(`tier.${tier}.hint`) }))}
            rules={[{ required: true }]}
            extra={
              <ProFormDependency name={['tier']}>{({ tier }) => label(`tier.${tier as string}.hint`, '')}</ProFormDependency>
            }
            fieldProps={{ id: 'accept-tier' } as never}
          />
          <ProFormSelect name="categoryCode" label={t('cases.category')} options={categories} rules={[{ required: true }]} fieldProps={{ id: 'accept-category', showSearch: true, optionFilterProp: 'label' }} />
          <ProFormSwitch name="urgent" label={t('cases.urgent')} />
          <ProFormDateTimePicker name="solveBy" label={t('form.solveBy')} extra={t('form.solveByHint')} fieldProps={{ id: 'accept-solve-by', format: 'YYYY-MM-DD HH:mm' }} />
          {note}
        </>
      );
    case 'reject':
      return reason();
    case 'merge':
      return (
        <>
          <ProForm.Item name="targetId" label={t('form.mergeTarget')} rules={[{ required: true }]} extra={t('form.mergeHint')}>
            <MergeTargetSelect c={c} />
          </ProForm.Item>
          {note}
        </>
      );
    case 'dispatch':
      return (
        <>
          <Alert type="info" showIcon style={{ marginBottom: 16 }} message={`${label(`tier.${c.tier}`)}：${label(`tier.${c.tier}.hint`)}`} />
          <DispatchFields c={c} />
          {note}
        </>
      );
    case 'sign':
      return (
        <>
          <Typography.Paragraph>{t('form.signConfirm')}</Typography.Paragraph>
          {note}
        </>
      );
    case 'return':
      return (
        <>
          <ProFormRadio.Group name="reasonCode" label={t('form.returnReason')} options={enumOptions(RETURN_REASONS, 'returnReason', label)} rules={[{ required: true }]} />
          {note}
        </>
      );
    case 'reply':
      return (
        <>
          <ProFormTextArea
            name="text"
            label={t('form.replyText')}
            rules={[{ required: true, whitespace: true }, { max: 2000 }]}
            fieldProps={{ id: 'action-text', rows: 5, maxLength: 2000, showCount: true }}
          />
          <PhotoField />
        </>
      );
    case 'verify_pass':
      return (
        <>
          <ProFormRadio.Group
            name="feedback"
            label={t('cases.feedback')}
            initialValue="individual"
            options={[
              { value: 'individual', label: t('feedback.individual') },
              { value: 'public', label: t('feedback.public') },
            ]}
            fieldProps={{ id: 'verify-feedback' } as never}
          />
          {note}
        </>
      );
    case 'verify_fail':
      return reason('reason', t('form.failReason'));
    case 'rate':
      return (
        <>
          <ProFormRadio.Group name="rating" label={t('form.rating')} options={enumOptions(RATINGS, 'rating', label)} rules={[{ required: true }]} />
          {reason('comment', t('form.comment'), false)}
        </>
      );
    case 'reopen':
      return reason('reason', t('form.reason'), false);
    case 'escalate': {
      const next = NEXT_TIER[c.tier];
      return (
        <>
          {next ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('form.escalateHint', { tier: label(`tier.${next}`) })} /> : null}
          {reason()}
        </>
      );
    }
    case 'extension_request':
      return (
        <>
          <ProFormDigit name="days" label={t('form.days')} min={1} max={60} fieldProps={{ precision: 0, id: 'extension-days' }} rules={[{ required: true }]} />
          {reason()}
        </>
      );
    case 'extension_decide':
      return (
        <>
          {c.extension ? <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('cases.extensionPending', { days: c.extension.days, reason: c.extension.reason })} /> : null}
          <ProFormRadio.Group
            name="approve"
            label={t('form.decision')}
            initialValue={true}
            options={[
              { value: true, label: t('form.approve') },
              { value: false, label: t('form.refuse') },
            ]}
          />
          {note}
        </>
      );
  }
}

/**
 * One step on a case: the right form, the body the route expects with the
 * version read, and the outcome — field errors on their fields, a 409 from a
 * concurrent change as "已被他人修改，请刷新" (any 409 reloads the case).
 */
export function ActionModal({ c, step, onClose, onDone, onConflict }: { c: CaseDetail; step: Step | null; onClose: () => void; onDone: (c: CaseDetail) => void; onConflict: () => void }) {
  const t = useT();
  const label = useLabel();
  const { message } = App.useApp();
  const report = useReportError();
  const [form] = Form.useForm<Values>();

  useEffect(() => {
    if (step) form.resetFields();
  }, [step, form]);

  if (!step) return null;
  const initialValues: Values = step === 'accept' ? { tier: c.tier, categoryCode: c.categoryCode, urgent: c.urgent } : {};

  return (
    <ModalForm<Values>
      open
      title={`${label(`action.${step}`)} · ${c.trackingNo}`}
      form={form}
      width={600}
      initialValues={initialValues}
      modalProps={{ destroyOnHidden: true, onCancel: onClose }}
      submitter={{ submitButtonProps: { 'data-testid': 'action-submit' } as never }}
      onFinish={async (values) => {
        try {
          const path = pathOf(step) as '/api/v1/cases/{id}/sign';
          const updated = await call(api.POST(path, { params: { path: { id: c.id } }, body: bodyOf(step, values, c.version) as never }));
          message.success(t('cases.done', { action: label(`action.${step}`) }));
          pendingChanged();
          onDone(updated as CaseDetail);
          return true;
        } catch (error) {
          // The case moved under us (someone else acted): say so, close, and show it as it is now.
          if (error instanceof ApiError && error.status === 409) {
            message.warning(error.code === 'version_conflict' ? t('cases.conflict') : error.detail);
            onConflict();
            return true;
          }
          report(error, form);
          return false;
        }
      }}
    >
      <StepFields step={step} c={c} />
    </ModalForm>
  );
}

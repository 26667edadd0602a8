import { ModalForm, ProFormDependency, ProFormRadio, ProFormSelect, ProFormSwitch, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { App, Form } from 'antd';
import { api, call } from '../../api/client';
import type { BodyOf } from '../../api/types';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import { CATEGORIES, CHANNELS, ROLES, useOptions } from './labels';

type Values = BodyOf<'/api/v1/selection/rounds/{id}/candidates'>;

/** 登记人选: staff enter a nomination from any of the three doors. */
export function NominateModal({ roundId, open, onClose, onDone }: { roundId: number; open: boolean; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const options = useOptions();
  const report = useReportError();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  return (
    <ModalForm<Values>
      open={open}
      form={form}
      title={t('selection.nominate')}
      width={640}
      layout="horizontal"
      labelCol={{ span: 6 }}
      initialValues={{ gender: 'female', channel: 'unit', proposedRole: 'standing', isPartySecretary: false, partyMember: false }}
      modalProps={{ destroyOnHidden: true, onCancel: onClose }}
      submitter={{ submitButtonProps: { 'data-testid': 'nominate-submit' } as never }}
      onFinish={async (v) => {
        try {
          const trim = (s?: string) => s?.trim() || undefined;
          await call(
            api.POST('/api/v1/selection/rounds/{id}/candidates', {
              params: { path: { id: roundId } },
              body: { ...v, name: v.name.trim(), affiliation: trim(v.affiliation), idNumber: trim(v.idNumber)?.toUpperCase(), recommender: trim(v.recommender), statement: trim(v.statement) },
            }),
          );
          message.success(t('selection.done'));
          onDone();
          return true;
        } catch (error) {
          report(error, form);
          return false;
        }
      }}
    >
      <ProFormRadio.Group name="channel" label={t('selection.channel')} options={options('selection.channel.', CHANNELS)} />
      <ProFormDependency name={['channel']}>
        {({ channel }) => (channel === 'self' ? null : <ProFormText name="recommender" label={t('selection.recommender')} rules={[{ required: true, whitespace: true }]} fieldProps={{ id: 'nominate-recommender' }} />)}
      </ProFormDependency>
      <ProFormText name="name" label={t('selection.name')} rules={[{ required: true, whitespace: true }, { max: 50 }]} fieldProps={{ id: 'nominate-name' }} />
      <ProFormRadio.Group name="gender" label={t('selection.gender')} options={options('selection.gender.', ['male', 'female'])} />
      <ProFormSelect name="category" label={t('selection.category')} options={options('selection.cat.', CATEGORIES)} rules={[{ required: true }]} fieldProps={{ id: 'nominate-category' }} />
      <ProFormText name="affiliation" label={t('selection.affiliation')} rules={[{ max: 100 }]} />
      <ProFormText name="phone" label={t('selection.phone')} rules={[{ required: true }, { pattern: /^1[3-9]\d{9}$/, message: t('cases.phoneFormat') }]} fieldProps={{ id: 'nominate-phone', maxLength: 11 }} />
      <ProFormText name="idNumber" label={t('selection.idNumber')} fieldProps={{ id: 'nominate-id', maxLength: 18 }} />
      <ProFormSelect name="proposedRole" label={t('selection.proposedRole')} options={options('selection.role.', ROLES)} rules={[{ required: true }]} fieldProps={{ id: 'nominate-role' }} />
      <ProFormSwitch name="isPartySecretary" label={t('selection.partySecretary')} fieldProps={{ id: 'nominate-secretary' } as never} />
      <ProFormSwitch name="partyMember" label={t('selection.partyMember')} />
      <ProFormTextArea name="statement" label={t('selection.statement')} fieldProps={{ maxLength: 2000 }} />
    </ModalForm>
  );
}

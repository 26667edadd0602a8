import { PageContainer, ProCard, ProForm, ProFormDigit, ProFormList, ProFormRadio, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { Button, Form, Space } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, call } from '../../api/client';
import { useMe } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { TerritorySelect } from '../../components/territory';
import { useT } from '../../i18n';
import { FUNDING_SOURCES, toFen, useOptions } from './labels';

interface Values {
  communityId: number;
  title: string;
  goal: string;
  beneficiaries: string;
  fundingSource: (typeof FUNDING_SOURCES)[number];
  lines: { name: string; amount: number }[];
  originCaseIds?: string;
  originDemandIds?: string;
}

/** 社区申报: goal, beneficiaries, budget lines in yuan (sent as fen), funding source, origin cases. */
export default function NewProjectPage() {
  const t = useT();
  const me = useMe();
  const options = useOptions();
  const report = useReportError();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [draft, setDraft] = useState(false);
  const initialValues = useMemo(() => {
    const own = me.roles.filter((r) => r.territoryLevel === 'community' && r.territoryId !== null);
    return { communityId: own.length === 1 ? own[0]!.territoryId! : undefined, communityName: own.length === 1 ? (own[0]!.territoryName ?? '') : '', fundingSource: 'purchase' as const, lines: [{ name: '', amount: undefined }] };
  }, [me.roles]);

  return (
    <PageContainer title={t('project.new')}>
      <ProCard>
        <ProForm<Values>
          form={form}
          initialValues={initialValues}
          layout="horizontal"
          labelCol={{ span: 4 }}
          wrapperCol={{ span: 14 }}
          submitter={{
            render: (props) => (
              <Space style={{ marginLeft: '16.6%' }}>
                <Button type="primary" onClick={() => (setDraft(false), props.form?.submit())} data-testid="project-submit">{t('project.submit')}</Button>
                <Button onClick={() => (setDraft(true), props.form?.submit())}>{t('project.saveDraft')}</Button>
              </Space>
            ),
          }}
          onFinish={async (values) => {
            try {
              const ids = (text?: string) => (text ?? '').split(/[,，\s]+/).filter(Boolean).map(Number);
              const originCaseIds = ids(values.originCaseIds);
              const originDemandIds = ids(values.originDemandIds);
              const created = await call(
                api.POST('/api/v1/projects', {
                  body: {
                    communityId: values.communityId,
                    title: values.title.trim(),
                    goal: values.goal.trim(),
                    beneficiaries: values.beneficiaries.trim(),
                    fundingSource: values.fundingSource,
                    lines: values.lines.map((l) => ({ name: l.name.trim(), amount: toFen(l.amount) })),
                    originCaseIds: originCaseIds.length ? originCaseIds : undefined,
                    originDemandIds: originDemandIds.length ? originDemandIds : undefined,
                    submit: !draft,
                  },
                }),
              );
              navigate(`/projects/${created.id}`);
              return true;
            } catch (e) {
              report(e, form);
              return false;
            }
          }}
        >
          <Form.Item name="communityId" label={t('project.community')} rules={[{ required: true }]}>
            <TerritorySelect levels={['community']} placeholder={t('funds.pickCommunity')} initialOption={initialValues.communityId ? { value: initialValues.communityId, label: initialValues.communityName } : null} />
          </Form.Item>
          <ProFormText name="title" label={t('project.name')} rules={[{ required: true, max: 200 }]} fieldProps={{ 'data-testid': 'project-title' } as never} />
          <ProFormTextArea name="goal" label={t('project.goal')} rules={[{ required: true, max: 5000 }]} fieldProps={{ rows: 3, 'data-testid': 'project-goal' } as never} />
          <ProFormText name="beneficiaries" label={t('project.beneficiaries')} rules={[{ required: true, max: 1000 }]} fieldProps={{ 'data-testid': 'project-beneficiaries' } as never} />
          <ProFormRadio.Group name="fundingSource" label={t('project.fundingSource')} options={options('project.funding.', FUNDING_SOURCES)} rules={[{ required: true }]} />
          <ProFormList name="lines" label={t('project.lines')} min={1} max={50} creatorButtonProps={{ creatorButtonText: t('project.addLine') }} copyIconProps={false}>
            {(_f, index) => (
              <Space align="baseline">
                <ProFormText name="name" placeholder={t('project.lineName')} rules={[{ required: true, max: 100 }]} fieldProps={{ 'data-testid': `line-name-${index}` } as never} />
                <ProFormDigit name="amount" placeholder={t('project.lineAmount')} min={0.01} fieldProps={{ precision: 2, 'data-testid': `line-amount-${index}` } as never} rules={[{ required: true }]} width="sm" />
              </Space>
            )}
          </ProFormList>
          <ProFormText name="originCaseIds" label={t('project.originCases')} tooltip={t('project.originCasesHint')} />
          <ProFormText name="originDemandIds" label={t('project.originDemands')} tooltip={t('project.originDemandsHint')} />
        </ProForm>
      </ProCard>
    </PageContainer>
  );
}

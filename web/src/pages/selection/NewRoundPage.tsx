import { PageContainer, ProCard, ProForm, ProFormDateRangePicker, ProFormDigit, ProFormDependency, ProFormRadio, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { Form } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { api, call } from '../../api/client';
import { useMe } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { TerritorySelect } from '../../components/territory';
import { useT } from '../../i18n';
import { useOptions } from './labels';

interface Values {
  communityId: number;
  kind: 'formation' | 'supplement';
  title: string;
  body: string;
  period: [Dayjs, Dayjs];
  seats?: number;
}

/**
 * 发起委员产生 / 增补: the announcement and its collection period. The committee page's
 * vacancy button links here with ?kind=supplement&communityId=….
 */
export default function NewRoundPage() {
  const t = useT();
  const me = useMe();
  const options = useOptions();
  const report = useReportError();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<Values>();
  const initialValues = useMemo(() => {
    const q = new URLSearchParams(location.search);
    const kind = q.get('kind') === 'supplement' ? 'supplement' : 'formation';
    const own = me.roles.filter((r) => r.territoryLevel === 'community' && r.territoryId !== null);
    const communityId = Number(q.get('communityId')) || (own.length === 1 ? own[0]!.territoryId! : undefined);
    return { kind, communityId, title: t('selection.defaultTitle'), body: t('selection.defaultBody'), period: [dayjs(), dayjs().add(14, 'day')] as [Dayjs, Dayjs] };
  }, [location.search, me.roles, t]);

  return (
    <PageContainer title={initialValues.kind === 'supplement' ? t('selection.newSupplement') : t('selection.new')}>
      <ProCard>
        <ProForm<Values>
          form={form}
          initialValues={initialValues}
          layout="horizontal"
          labelCol={{ span: 4 }}
          wrapperCol={{ span: 14 }}
          submitter={{ submitButtonProps: { 'data-testid': 'round-create-submit' } as never, resetButtonProps: false }}
          onFinish={async (values) => {
            try {
              const created = await call(
                api.POST('/api/v1/selection/rounds', {
                  body: {
                    communityId: values.communityId,
                    kind: values.kind,
                    title: values.title.trim(),
                    body: values.body,
                    collectFrom: dayjs(values.period[0]).format('YYYY-MM-DD'),
                    collectUntil: dayjs(values.period[1]).format('YYYY-MM-DD'),
                    seats: values.kind === 'supplement' ? values.seats : undefined,
                  },
                }),
              );
              navigate(`/selection/rounds/${created.id}`);
              return true;
            } catch (error) {
              report(error, form, { collectFrom: 'period', collectUntil: 'period' });
              return false;
            }
          }}
        >
          <ProForm.Item name="communityId" label={t('selection.community')} rules={[{ required: true }]}>
            <TerritorySelect levels={['community']} placeholder={t('territory.searchSelect')} data-testid="round-community" />
          </ProForm.Item>
          <ProFormRadio.Group name="kind" label={t('selection.kind')} options={options('selection.kind.', ['formation', 'supplement'])} />
          <ProFormDependency name={['kind']}>
            {({ kind }) => (kind === 'supplement' ? <ProFormDigit name="seats" label={t('selection.seats')} min={1} max={100} fieldProps={{ precision: 0 }} /> : null)}
          </ProFormDependency>
          <ProFormText name="title" label={t('selection.announcementTitle')} rules={[{ required: true, whitespace: true }, { max: 200 }]} fieldProps={{ id: 'round-title' }} />
          <ProFormTextArea name="body" label={t('selection.announcementBody')} rules={[{ required: true, whitespace: true }]} fieldProps={{ id: 'round-body', rows: 6 }} />
          <ProFormDateRangePicker name="period" label={t('selection.collectPeriod')} rules={[{ required: true }]} />
        </ProForm>
      </ProCard>
    </PageContainer>
  );
}

import { PageContainer, ProCard, ProForm, ProFormText } from '@ant-design/pro-components';
import { Alert, App, Descriptions, Form, Tag, type ButtonProps } from 'antd';
import { useNavigate } from 'react-router-dom';
import { api, call } from '../../api/client';
import { useReportError } from '../../components/errors';
import { useMe, useSession } from '../../auth/session';
import { levelLabel } from '../../components/territory';
import { useRoleLabel } from '../../components/useRoles';
import { useT } from '../../i18n';
import { PATHS } from '../../paths';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** 个人中心: who I am, and changing my password (forced first when it is an initial one). */
export default function AccountPage() {
  const t = useT();
  const me = useMe();
  const { refresh } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const report = useReportError();
  const roleLabel = useRoleLabel();

  const submit = async (values: Values) => {
    try {
      await call(api.POST('/api/v1/auth/password', { body: { currentPassword: values.currentPassword, newPassword: values.newPassword } }));
      message.success(t('password.changed'));
      form.resetFields();
      const wasForced = me.mustChangePassword;
      await refresh();
      if (wasForced) navigate(PATHS.home, { replace: true });
      return true;
    } catch (error) {
      report(error, form);
      return false;
    }
  };

  return (
    <PageContainer title={t('menu.account')}>
      {me.mustChangePassword ? <Alert type="warning" showIcon message={t('password.mustChange')} style={{ marginBottom: 16 }} data-testid="must-change-password" /> : null}
      <ProCard gutter={[16, 16]} wrap>
        <ProCard title={t('account.profile')} colSpan={{ xs: 24, lg: 10 }} bordered>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('account.username')}>{me.username}</Descriptions.Item>
            <Descriptions.Item label={t('account.displayName')}>{me.displayName}</Descriptions.Item>
            <Descriptions.Item label={t('user.roles')}>
              <div>
                {me.roles.length === 0 ? t('home.noRoles') : null}
                {me.roles.map((r, i) => (
                  <div key={i} style={{ marginBottom: 4 }}>
                    <Tag color="red">{roleLabel(r.role, r.roleName)}</Tag>
                    {r.territoryName ?? t('home.allTerritory')}
                    {r.territoryLevel ? `（${levelLabel(t, r.territoryLevel)}）` : ''}
                  </div>
                ))}
              </div>
            </Descriptions.Item>
          </Descriptions>
        </ProCard>
        <ProCard title={t('password.title')} colSpan={{ xs: 24, lg: 14 }} bordered>
          <ProForm<Values>
            form={form}
            layout="vertical"
            style={{ maxWidth: 420 }}
            onFinish={submit}
            submitter={{
              searchConfig: { submitText: t('password.submit') },
              resetButtonProps: false,
              submitButtonProps: { 'data-testid': 'password-submit' } as ButtonProps,
            }}
          >
            <ProFormText.Password
              name="currentPassword"
              label={t('password.current')}
              rules={[{ required: true }]}
              fieldProps={{ autoComplete: 'current-password', id: 'password-current' }}
            />
            <ProFormText.Password
              name="newPassword"
              label={t('password.new')}
              extra={t('password.rule')}
              rules={[{ required: true }]}
              fieldProps={{ autoComplete: 'new-password', id: 'password-new' }}
            />
            <ProFormText.Password
              name="confirm"
              label={t('password.confirm')}
              dependencies={['newPassword']}
              fieldProps={{ autoComplete: 'new-password', id: 'password-confirm' }}
              rules={[
                { required: true },
                ({ getFieldValue }) => ({
                  validator: (_, value) =>
                    !value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
                }),
              ]}
            />
          </ProForm>
        </ProCard>
      </ProCard>
    </PageContainer>
  );
}

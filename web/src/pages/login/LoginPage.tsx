import { GlobalOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Dropdown, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, errorText } from '../../api/client';
import { useSession } from '../../auth/session';
import { useI18n } from '../../i18n';
import { PATHS } from '../../paths';

interface Values {
  username: string;
  password: string;
}

/** Where to go after logging in: only a path inside the console, never another site. */
function safeRedirect(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/login') ? value : PATHS.home;
}

export default function LoginPage() {
  const { me, expired, login } = useSession();
  const { t, language, setLanguage } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<{ text: string; locked: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const redirect = safeRedirect(params.get('redirect'));

  if (me) return <Navigate to={me.mustChangePassword ? PATHS.password : redirect} replace />;

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const result = await login(values);
      navigate(result.mustChangePassword ? PATHS.password : redirect, { replace: true });
    } catch (e) {
      // The server's sentence is shown as-is: wrong password, locked (with minutes), disabled, throttled.
      setError({ text: errorText(e), locked: e instanceof ApiError && (e.status === 423 || e.code === 'account_locked') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      className="gz-center"
      style={{
        minHeight: '100vh',
        background: 'linear-gradient(160deg, #fff5f5 0%, #f5f5f5 45%, #eef3fb 100%)',
        flexDirection: 'column',
        padding: 16,
      }}
    >
      <div style={{ position: 'absolute', top: 16, right: 24 }}>
        <Dropdown
          menu={{
            selectedKeys: [language],
            items: (['zh-CN', 'en-US'] as const).map((l) => ({ key: l, label: t(`lang.${l}`), onClick: () => setLanguage(l) })),
          }}
        >
          <Button type="text" icon={<GlobalOutlined />} data-testid="login-language">
            {t(`lang.${language}`)}
          </Button>
        </Dropdown>
      </div>
      <div style={{ textAlign: 'center', marginBottom: 24 }}>
        <svg width="56" height="56" viewBox="0 0 64 64" aria-hidden>
          <rect width="64" height="64" rx="14" fill="#c4161c" />
          <text x="32" y="44" fontSize="34" textAnchor="middle" fill="#fff" fontFamily="sans-serif">
            共
          </text>
        </svg>
        <Typography.Title level={2} style={{ margin: '12px 0 4px' }}>
          {t('app.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
      </div>
      <Card style={{ width: 380, maxWidth: '100%' }} title={t('login.title')}>
        {error ? (
          <Alert
            type={error.locked ? 'warning' : 'error'}
            showIcon
            message={error.text}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        ) : expired ? (
          <Alert type="info" showIcon message={t('login.expired')} style={{ marginBottom: 16 }} data-testid="login-expired" />
        ) : null}
        <Form<Values> layout="vertical" size="large" onFinish={submit} requiredMark={false} disabled={busy}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" maxLength={64} />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" maxLength={128} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}

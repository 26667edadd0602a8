import { ModalForm, ProForm, ProFormText } from '@ant-design/pro-components';
import { Form } from 'antd';
import { useEffect, useMemo } from 'react';
import { api, call } from '../../api/client';
import { useMe } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { TerritorySelect } from '../../components/territory';
import { useT } from '../../i18n';
import type { UserRow } from './UsersPage';

interface Values {
  username: string;
  displayName: string;
  phone?: string;
  homeTerritoryId?: number | null;
}

/** Creates an account (the server answers with its one-time password) or edits name and phone. */
export function UserFormModal({
  open,
  user,
  onClose,
  onSaved,
}: {
  open: boolean;
  user: UserRow | null;
  onClose: () => void;
  onSaved: (result: { username: string; initialPassword?: string }) => void;
}) {
  const t = useT();
  const report = useReportError();
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const editing = user !== null;
  /** Only an installation-wide administrator may leave the home territory empty. */
  const installationWide = me.roles.some((r) => r.territoryId === null);
  const initialTerritory = useMemo(
    () => (user?.homeTerritoryId ? { value: user.homeTerritoryId, label: user.homeTerritoryName ?? String(user.homeTerritoryId) } : null),
    [user],
  );

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (user) form.setFieldsValue({ username: user.username, displayName: user.displayName, phone: '', homeTerritoryId: user.homeTerritoryId ?? undefined });
  }, [open, user, form]);

  return (
    <ModalForm<Values>
      open={open}
      title={editing ? t('users.edit') : t('users.create')}
      form={form}
      width={520}
      modalProps={{ destroyOnHidden: true, onCancel: onClose }}
      onFinish={async (values) => {
        try {
          if (user) {
            const phone = values.phone?.trim();
            await call(
              api.PATCH('/api/v1/users/{id}', {
                params: { path: { id: user.id } },
                body: { displayName: values.displayName.trim(), ...(phone ? { phone } : {}), version: user.version },
              }),
            );
            onSaved({ username: user.username });
          } else {
            const phone = values.phone?.trim();
            const created = await call(
              api.POST('/api/v1/users', {
                body: {
                  username: values.username.trim(),
                  displayName: values.displayName.trim(),
                  homeTerritoryId: values.homeTerritoryId ?? null,
                  ...(phone ? { phone } : {}),
                },
              }),
            );
            onSaved({ username: created.username, initialPassword: created.initialPassword });
          }
          return true;
        } catch (error) {
          report(error, form);
          return false;
        }
      }}
    >
      <ProFormText
        name="username"
        label={t('users.username')}
        disabled={editing}
        rules={[{ required: true, whitespace: true }, { max: 64 }]}
        fieldProps={{ autoComplete: 'off', id: 'user-username' }}
      />
      <ProFormText name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true }, { max: 64 }]} fieldProps={{ id: 'user-display-name' }} />
      <ProFormText
        name="phone"
        label={t('users.phone')}
        placeholder={editing && user?.phoneMasked ? user.phoneMasked : undefined}
        extra={editing && user?.phoneMasked ? t('users.phoneKeep') : undefined}
        rules={[{ pattern: /^1[3-9]\d{9}$/, message: t('users.phoneFormat') }]}
        fieldProps={{ id: 'user-phone', maxLength: 11 }}
      />
      <ProForm.Item
        name="homeTerritoryId"
        label={t('users.home')}
        rules={[{ required: !editing && !installationWide }]}
        extra={!editing && installationWide ? t('users.homeOptional') : undefined}
      >
        <TerritorySelect disabled={editing} initialOption={initialTerritory} data-testid="user-home-territory" />
      </ProForm.Item>
    </ModalForm>
  );
}

import { ModalForm, ProForm, ProFormSelect } from '@ant-design/pro-components';
import { Form, Typography } from 'antd';
import { useEffect } from 'react';
import { api, call } from '../../api/client';
import { useMe } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { TerritorySelect, levelLabel } from '../../components/territory';
import { useRoleName, useRoles, type RoleInfo } from '../../components/useRoles';
import { useT } from '../../i18n';
import type { UserRow } from './UsersPage';

interface Values {
  role: string;
  territoryId?: number | null;
}

/**
 * Grants a role on a territory node. Offers only the roles whose permissions
 * I hold myself (the server's rule), and nodes of the levels the role may be bound to.
 */
export function GrantRoleModal({ user, onClose, onGranted }: { user: UserRow | null; onClose: () => void; onGranted: () => void }) {
  const t = useT();
  const me = useMe();
  const report = useReportError();
  const roles = useRoles();
  const roleName = useRoleName();
  const [form] = Form.useForm<Values>();
  const roleCode = Form.useWatch('role', form);
  const mine = new Set(me.permissions);
  const grantable = roles.filter((r) => r.permissions.every((p) => mine.has(p)));
  const role = roles.find((r) => r.code === roleCode);

  useEffect(() => {
    if (user) form.resetFields();
  }, [user, form]);

  return (
    <ModalForm<Values>
      open={user !== null}
      title={user ? t('users.grantTitle', { name: user.displayName || user.username }) : ''}
      form={form}
      width={560}
      modalProps={{ destroyOnHidden: true, onCancel: onClose }}
      onValuesChange={(changed) => {
        if ('role' in changed) form.setFieldValue('territoryId', undefined);
      }}
      onFinish={async (values) => {
        if (!user) return false;
        try {
          await call(
            api.POST('/api/v1/users/{id}/roles', {
              params: { path: { id: user.id } },
              body: { role: values.role as RoleInfo['code'], territoryId: role?.levels === null ? null : (values.territoryId ?? null) },
            }),
          );
          onGranted();
          return true;
        } catch (error) {
          report(error, form);
          return false;
        }
      }}
    >
      <ProFormSelect
        name="role"
        label={t('users.role')}
        rules={[{ required: true }]}
        options={grantable.map((r) => ({ value: r.code, label: roleName(r) }))}
        fieldProps={{ showSearch: true, optionFilterProp: 'label', id: 'grant-role' }}
      />
      {role && role.levels === null ? (
        <Typography.Paragraph type="secondary">{t('users.installationWide')}</Typography.Paragraph>
      ) : (
        <ProForm.Item
          name="territoryId"
          label={t('users.roleTerritory')}
          rules={[{ required: true }]}
          extra={role?.levels ? t('users.levelsHint', { levels: role.levels.map((l) => levelLabel(t, l)).join('、') }) : undefined}
        >
          <TerritorySelect disabled={!role} levels={role?.levels ?? null} placeholder={role ? undefined : t('users.chooseRoleFirst')} data-testid="grant-territory" />
        </ProForm.Item>
      )}
    </ModalForm>
  );
}

import { CloseOutlined, EyeInvisibleOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { PageContainer, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Dropdown, Space, Tag, Tooltip } from 'antd';
import { useRef, useState } from 'react';
import { api, call } from '../../api/client';
import { DownloadButton } from '../../components/DownloadButton';
import type { QueryOf, RowOf } from '../../api/types';
import { useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { TerritorySelect, levelLabel } from '../../components/territory';
import { useRoleLabel, useRoleName, useRoles } from '../../components/useRoles';
import { useT } from '../../i18n';
import { GrantRoleModal } from './GrantRoleModal';
import { PasswordResultModal } from './PasswordResultModal';
import { UserFormModal } from './UserFormModal';
import { formatTime } from '../../time';
import { ListTable } from '../../components/ListTable';

export type UserRow = RowOf<'/api/v1/users'>;
type UserQuery = QueryOf<'/api/v1/users'>;

/** The filters of the last list request: the export button sends the same ones. */
function toQuery(params: Record<string, unknown>): UserQuery {
  const query: Record<string, unknown> = {};
  for (const key of ['keyword', 'role', 'status', 'territoryId'] as const) {
    const value = params[key];
    if (value !== undefined && value !== null && value !== '') query[key] = typeof value === 'string' ? value.trim() : value;
  }
  return query as UserQuery;
}

function isLocked(row: UserRow): boolean {
  return row.locked || (!!row.lockedUntil && new Date(row.lockedUntil).getTime() > Date.now());
}

/** 账号管理: accounts in my scope, with their roles on territory nodes. */
export default function UsersPage() {
  const t = useT();
  const { can } = useSession();
  const { message, modal } = App.useApp();
  const report = useReportError();
  const roles = useRoles();
  const roleName = useRoleName();
  const roleLabel = useRoleLabel();
  const action = useRef<ActionType>(null);
  const lastQuery = useRef<UserQuery>({} as UserQuery);
  const [phones, setPhones] = useState<Record<number, string>>({});
  const [password, setPassword] = useState<{ title: string; user: string; password: string } | null>(null);
  const [editing, setEditing] = useState<UserRow | null>(null);
  const [creating, setCreating] = useState(false);
  const [granting, setGranting] = useState<UserRow | null>(null);

  const canWrite = can('user:write');
  const canAssign = can('role:assign');
  const canSeePhone = can('personal:view');
  const reload = () => action.current?.reload();

  const togglePhone = async (row: UserRow) => {
    if (phones[row.id] !== undefined) {
      setPhones(({ [row.id]: _gone, ...rest }) => rest);
      return;
    }
    try {
      const result = await call(api.GET('/api/v1/users/{id}/phone', { params: { path: { id: row.id } } }));
      setPhones((prev) => ({ ...prev, [row.id]: result.phone ?? '' }));
    } catch (error) {
      report(error);
    }
  };

  const patchStatus = async (row: UserRow, status: 'active' | 'disabled') => {
    try {
      await call(api.PATCH('/api/v1/users/{id}', { params: { path: { id: row.id } }, body: { status, version: row.version } }));
      message.success(t('common.saved'));
      reload();
    } catch (error) {
      report(error);
    }
  };

  const resetPassword = async (row: UserRow) => {
    try {
      const result = await call(api.POST('/api/v1/users/{id}/reset-password', { params: { path: { id: row.id } } }));
      setPassword({ title: t('users.passwordReset'), user: result.username, password: result.initialPassword });
      reload();
    } catch (error) {
      report(error);
    }
  };

  const unlock = async (row: UserRow) => {
    try {
      await call(api.POST('/api/v1/users/{id}/unlock', { params: { path: { id: row.id } } }));
      message.success(t('users.unlocked'));
      reload();
    } catch (error) {
      report(error);
    }
  };

  const revoke = async (row: UserRow, assignmentId: number) => {
    try {
      await call(api.DELETE('/api/v1/users/{id}/roles/{assignmentId}', { params: { path: { id: row.id, assignmentId } } }));
      message.success(t('users.revoked'));
      reload();
    } catch (error) {
      report(error);
    }
  };

  const columns: ProColumns<UserRow>[] = [
    {
      title: t('users.keyword'),
      dataIndex: 'keyword',
      hideInTable: true,
      fieldProps: { placeholder: t('users.keywordHint'), 'data-testid': 'users-keyword' },
    },
    { title: t('users.username'), dataIndex: 'username', search: false, width: 130 },
    { title: t('users.displayName'), dataIndex: 'displayName', search: false, width: 170 },
    {
      title: t('users.status'),
      dataIndex: 'status',
      valueType: 'select',
      width: 120,
      valueEnum: {
        active: { text: t('users.status.active'), status: 'Success' },
        disabled: { text: t('users.status.disabled'), status: 'Default' },
      },
      render: (dom, row) => (
        <Space size={4}>
          {dom}
          {isLocked(row) ? <Tag color="orange">{t('users.locked')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('users.phone'),
      dataIndex: 'phoneMasked',
      search: false,
      width: 160,
      render: (_, row) =>
        row.phoneMasked ? (
          <Space size={4}>
            <span data-testid="user-phone">{phones[row.id] ?? row.phoneMasked}</span>
            {canSeePhone ? (
              <Tooltip title={t('users.showPhone')}>
                <Button
                  type="text"
                  size="small"
                  icon={phones[row.id] !== undefined ? <EyeInvisibleOutlined /> : <EyeOutlined />}
                  onClick={() => void togglePhone(row)}
                  data-testid="user-phone-eye"
                  aria-label={t('users.showPhone')}
                />
              </Tooltip>
            ) : null}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('users.home'),
      dataIndex: 'territoryId',
      width: 150,
      render: (_, row) => row.homeTerritoryName ?? '—',
      renderFormItem: () => <TerritorySelect placeholder={t('territory.searchSelect')} />,
    },
    {
      title: t('users.roles'),
      dataIndex: 'role',
      valueType: 'select',
      fieldProps: { options: roles.map((r) => ({ value: r.code, label: roleName(r) })), showSearch: true, optionFilterProp: 'label' },
      width: 320,
      render: (_, row) =>
        row.roles.length === 0 ? (
          '—'
        ) : (
          <Space size={[4, 4]} wrap>
            {row.roles.map((r) => (
              <Tag
                key={r.id}
                color="red"
                title={r.territoryLevel ? levelLabel(t, r.territoryLevel) : undefined}
                style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}
                closable={canAssign}
                closeIcon={<CloseOutlined data-testid="user-role-revoke" aria-label={t('users.revoke')} />}
                onClose={(e) => {
                  e.preventDefault();
                  modal.confirm({
                    title: t('users.revokeConfirm', { role: roleLabel(r.role, r.roleName), territory: r.territoryName ?? t('home.allTerritory') }),
                    okButtonProps: { danger: true },
                    onOk: () => revoke(row, r.id),
                  });
                }}
              >
                {roleLabel(r.role, r.roleName)}
                {r.territoryName ? ` · ${r.territoryName}` : ''}
              </Tag>
            ))}
          </Space>
        ),
    },
    { title: t('users.lastLogin'), dataIndex: 'lastLoginAt', search: false, width: 170, render: (_, r) => formatTime(r.lastLoginAt) },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 200,
      fixed: 'right',
      hideInTable: !canWrite && !canAssign,
      render: (_, row) => [
        canWrite ? (
          <a key="edit" onClick={() => setEditing(row)} data-testid="user-edit">
            {t('common.edit')}
          </a>
        ) : null,
        canAssign ? (
          <a key="grant" onClick={() => setGranting(row)} data-testid="user-grant">
            {t('users.grant')}
          </a>
        ) : null,
        canWrite ? (
          <Dropdown
            key="more"
            menu={{
              items: [
                row.status === 'active'
                  ? { key: 'disable', danger: true, label: t('users.disable') }
                  : { key: 'enable', label: t('users.enable') },
                { key: 'reset', label: t('users.resetPassword') },
                ...(isLocked(row) ? [{ key: 'unlock', label: t('users.unlock') }] : []),
              ],
              onClick: ({ key }) => {
                const name = row.displayName || row.username;
                if (key === 'disable')
                  modal.confirm({ title: t('users.disableConfirm', { name }), okButtonProps: { danger: true }, onOk: () => patchStatus(row, 'disabled') });
                else if (key === 'enable') modal.confirm({ title: t('users.enableConfirm', { name }), onOk: () => patchStatus(row, 'active') });
                else if (key === 'reset') modal.confirm({ title: t('users.resetConfirm', { name }), onOk: () => resetPassword(row) });
                else if (key === 'unlock') void unlock(row);
              },
            }}
          >
            <a data-testid="user-more">{t('users.more')}</a>
          </Dropdown>
        ) : null,
      ],
    },
  ];

  return (
    <PageContainer title={t('users.title')}>
      <ListTable<UserRow>
        rowKey="id"
        actionRef={action}
        columns={columns}
        scroll={{ x: 1480 }}
        search={{ labelWidth: 'auto', defaultCollapsed: false }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: false, setting: true, reload: true }}
        request={async (params) => {
          const query = toQuery(params);
          lastQuery.current = query;
          const page = await call(api.GET('/api/v1/users', { params: { query: { ...query, current: params.current, pageSize: params.pageSize } } }));
          return { data: page.data, total: page.total, success: true };
        }}
        toolBarRender={() => [
          canWrite ? (
            <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="user-create">
              {t('users.create')}
            </Button>
          ) : null,
          <DownloadButton key="export" data-testid="users-export" request={() => api.GET('/api/v1/users/export', { params: { query: lastQuery.current }, parseAs: 'blob' })} fileName="users.xlsx" />,
        ]}
      />
      <UserFormModal
        open={creating || editing !== null}
        user={editing}
        onClose={() => {
          setCreating(false);
          setEditing(null);
        }}
        onSaved={(result) => {
          setCreating(false);
          setEditing(null);
          reload();
          if (result.initialPassword) setPassword({ title: t('users.created'), user: result.username, password: result.initialPassword });
        }}
      />
      <GrantRoleModal
        user={granting}
        onClose={() => setGranting(null)}
        onGranted={() => {
          setGranting(null);
          message.success(t('users.granted'));
          reload();
        }}
      />
      <PasswordResultModal value={password} onClose={() => setPassword(null)} />
    </PageContainer>
  );
}

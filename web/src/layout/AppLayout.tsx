import { CheckOutlined, GlobalOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { ProLayout, type MenuDataItem } from '@ant-design/pro-components';
import { App, Dropdown, Grid, Typography, type MenuProps } from 'antd';
import { useMemo } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { errorText } from '../api/client';
import { useSession } from '../auth/session';
import { useI18n, type Language } from '../i18n';
import { levelLabel } from '../components/territory';
import { useRoleLabel } from '../components/useRoles';
import { ENTRIES, MENU, mayOpen, PASSWORD_PATH, type MenuEntry } from './menu';
import { NotificationBell } from './NotificationBell';

const TEST_IDS = new Map(ENTRIES.map((m) => [m.path, m.testId]));

function Logo() {
  return (
    <svg width="28" height="28" viewBox="0 0 64 64" aria-hidden>
      <rect width="64" height="64" rx="14" fill="#c4161c" />
      <text x="32" y="44" fontSize="34" textAnchor="middle" fill="#fff" fontFamily="sans-serif">
        共
      </text>
    </svg>
  );
}

export default function AppLayout() {
  const { me, can, logout } = useSession();
  const { t, language, setLanguage } = useI18n();
  // On a phone (grid workers work from one) the header keeps icons only: names wrapped and spilt out of it.
  const narrow = !Grid.useBreakpoint().md;
  const location = useLocation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const roleLabel = useRoleLabel();

  const locked = !!me?.mustChangePassword;
  const menu = useMemo<MenuDataItem[]>(() => {
    const visible = (m: MenuEntry) => (locked ? m.path === PASSWORD_PATH : mayOpen(m, can));
    const item = (m: MenuEntry): MenuDataItem => ({ path: m.path, key: m.path, name: t(m.label), icon: m.icon });
    return MENU.flatMap((group) => {
      const entries = group.entries.filter(visible).map(item);
      if (!entries.length) return [];
      return group.label ? [{ key: group.key, name: t(group.label), children: entries }] : entries;
    });
  }, [can, t, locked]);
  // ProLayout marks every entry whose path prefixes the page's (议题池 /meetings/topics would light 会议 /meetings
  // too); only the nearest entry is the page's own.
  const selectedKey = useMemo(() => {
    const paths = ENTRIES.map((e) => e.path);
    const owning = paths.filter((p) => location.pathname === p || (p !== '/' && location.pathname.startsWith(`${p}/`)));
    return owning.sort((a, b) => b.length - a.length)[0];
  }, [location.pathname]);

  if (!me) return null;

  const switchLanguage = (next: Language) => setLanguage(next);
  const doLogout = async () => {
    try {
      await logout();
      message.success(t('user.loggedOut'));
    } catch (error) {
      message.error(errorText(error));
    }
    navigate('/login', { replace: true });
  };

  const roleItems: NonNullable<MenuProps['items']> = me.roles.map((r, i) => ({
    key: `role-${i}`,
    disabled: true,
    label: (
      <span data-testid="avatar-role">
        {roleLabel(r.role, r.roleName)}
        {r.territoryName ? (
          <Typography.Text type="secondary" style={{ marginLeft: 6 }}>
            {r.territoryName}
            {r.territoryLevel ? `（${levelLabel(t, r.territoryLevel)}）` : ''}
          </Typography.Text>
        ) : null}
      </span>
    ),
  }));

  const avatarMenu: MenuProps = {
    items: [
      {
        key: 'who',
        type: 'group',
        label: (
          <span>
            <Typography.Text strong>{me.displayName}</Typography.Text>
            <Typography.Text type="secondary" style={{ marginLeft: 6 }}>
              {me.username}
            </Typography.Text>
          </span>
        ),
        children: roleItems.length ? roleItems : [{ key: 'no-role', disabled: true, label: t('home.noRoles') }],
      },
      { type: 'divider' },
      { key: 'password', icon: <KeyOutlined />, label: t('user.changePassword'), onClick: () => navigate(PASSWORD_PATH) },
      {
        key: 'language',
        icon: <GlobalOutlined />,
        label: t('lang.label'),
        children: (['zh-CN', 'en-US'] as const).map((l) => ({
          key: `lang-${l}`,
          label: t(`lang.${l}`),
          icon: language === l ? <CheckOutlined /> : <span style={{ display: 'inline-block', width: 14 }} />,
          onClick: () => switchLanguage(l),
        })),
      },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, danger: true, label: <span data-testid="logout">{t('user.logout')}</span>, onClick: () => void doLogout() },
    ],
  };

  const languageMenu: MenuProps = {
    selectedKeys: [language],
    items: (['zh-CN', 'en-US'] as const).map((l) => ({ key: l, label: t(`lang.${l}`), onClick: () => switchLanguage(l) })),
  };

  return (
    <ProLayout
      layout="mix"
      fixSiderbar
      fixedHeader
      siderWidth={208}
      title={t('app.title')}
      logo={<Logo />}
      locale={language}
      location={{ pathname: location.pathname }}
      route={{ path: '/', routes: menu }}
      selectedKeys={selectedKey ? [selectedKey] : []}
      menu={{ locale: false, type: 'group' }}
      onMenuHeaderClick={() => navigate('/')}
      token={{
        header: { colorBgHeader: '#fff', colorHeaderTitle: '#1f1f1f' },
        sider: { colorMenuBackground: '#fff', colorTextMenuSelected: '#c4161c', colorBgMenuItemSelected: '#fff1f0' },
        pageContainer: { paddingBlockPageContainerContent: 16, paddingInlinePageContainerContent: 24 },
      }}
      menuItemRender={(item, dom) =>
        item.path ? (
          <Link to={item.path} data-testid={TEST_IDS.get(item.path)}>
            {dom}
          </Link>
        ) : (
          dom
        )
      }
      actionsRender={() => [
        ...(locked ? [] : [<NotificationBell key="bell" />]),
        <Dropdown key="lang" menu={languageMenu} placement="bottomRight">
          <span data-testid="language-switch" style={{ cursor: 'pointer', padding: '0 4px' }} title={t('lang.label')}>
            <GlobalOutlined /> {narrow ? null : t(`lang.${language}`)}
          </span>
        </Dropdown>,
      ]}
      avatarProps={{
        icon: <UserOutlined />,
        size: 'small',
        title: narrow ? undefined : <span data-testid="avatar-name">{me.displayName}</span>,
        render: (_props, dom) => (
          <Dropdown menu={avatarMenu} placement="bottomRight" trigger={['click', 'hover']}>
            <span data-testid="avatar-menu">{dom}</span>
          </Dropdown>
        ),
      }}
    >
      <Outlet />
    </ProLayout>
  );
}

import {
  AccountBookOutlined,
  ApartmentOutlined,
  ApiOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  BookOutlined,
  BulbOutlined,
  CalendarOutlined,
  CarryOutOutlined,
  CheckOutlined,
  CommentOutlined,
  ClockCircleOutlined,
  ClusterOutlined,
  ControlOutlined,
  FileTextOutlined,
  FlagOutlined,
  GlobalOutlined,
  HomeOutlined,
  KeyOutlined,
  LogoutOutlined,
  NotificationOutlined,
  PhoneOutlined,
  PieChartOutlined,
  ProjectOutlined,
  ScheduleOutlined,
  SafetyOutlined,
  SolutionOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { ProLayout, type MenuDataItem } from '@ant-design/pro-components';
import { App, Dropdown, Typography, type MenuProps } from 'antd';
import { useMemo } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { errorText } from '../api/client';
import { useSession } from '../auth/session';
import { useI18n, type Language, type MessageKey } from '../i18n';
import { levelLabel } from '../components/territory';
import { useRoleLabel } from '../components/useRoles';
import { PATHS } from '../paths';
import { NotificationBell } from './NotificationBell';

const PASSWORD_PATH = PATHS.password;

interface MenuEntry {
  path: string;
  label: MessageKey;
  icon: React.ReactNode;
  /** Shown when the user holds this permission (or any of these); every user sees entries without one. */
  permission?: string | string[];
  testId: string;
}

interface MenuGroup {
  key: string;
  /** Without a label the entries stand on their own, above the groups. */
  label?: MessageKey;
  entries: MenuEntry[];
}

/** The side menu, in order, grouped by the work it serves. Route paths are stable: browser tests click them. */
const MENU: MenuGroup[] = [
  { key: 'home', entries: [{ path: '/', label: 'menu.home', icon: <HomeOutlined />, testId: 'menu-home' }] },
  {
    key: 'cases',
    label: 'menu.group.cases',
    entries: [
      { path: PATHS.cases, label: 'menu.cases', icon: <FileTextOutlined />, permission: ['case:read', 'case:handle'], testId: 'menu-cases' },
      { path: '/stats', label: 'menu.stats', icon: <BarChartOutlined />, permission: 'stats:read', testId: 'menu-stats' },
      { path: '/hotline-import', label: 'menu.hotlineImport', icon: <PhoneOutlined />, permission: 'case:create', testId: 'menu-hotline-import' },
      { path: PATHS.departments, label: 'menu.departments', icon: <ClusterOutlined />, permission: 'case:config', testId: 'menu-departments' },
      { path: PATHS.timeLimits, label: 'menu.timeLimits', icon: <ClockCircleOutlined />, permission: 'case:config', testId: 'menu-time-limits' },
    ],
  },
  {
    key: 'committees',
    label: 'menu.group.committees',
    entries: [
      { path: PATHS.committees, label: 'menu.committees', icon: <TeamOutlined />, permission: 'committee:read', testId: 'menu-committees' },
      { path: PATHS.committeeOverview, label: 'menu.committeeOverview', icon: <PieChartOutlined />, permission: 'committee:read', testId: 'menu-committee-overview' },
      { path: PATHS.visits, label: 'menu.visits', icon: <SolutionOutlined />, permission: ['visit:write', 'committee:read'], testId: 'menu-visits' },
      { path: PATHS.selectionRounds, label: 'menu.selection', icon: <TeamOutlined />, permission: 'selection:write', testId: 'menu-selection' },
      { path: PATHS.selectionApprovals, label: 'menu.selectionApprovals', icon: <TeamOutlined />, permission: 'selection:approve', testId: 'menu-selection-approvals' },
      { path: PATHS.notices, label: 'menu.notices', icon: <NotificationOutlined />, permission: 'notice:write', testId: 'menu-notices' },
      { path: PATHS.meetingCadence, label: 'menu.meetingCadence', icon: <ScheduleOutlined />, permission: 'meeting:read', testId: 'menu-meeting-cadence' },
      { path: PATHS.committeeRules, label: 'menu.committeeRules', icon: <ControlOutlined />, permission: 'committee:config', testId: 'menu-committee-rules' },
    ],
  },
  {
    key: 'deliberation',
    label: 'menu.group.deliberation',
    entries: [
      { path: PATHS.meetingTopics, label: 'menu.meetingTopics', icon: <BulbOutlined />, permission: 'meeting:read', testId: 'menu-meeting-topics' },
      { path: PATHS.meetings, label: 'menu.meetings', icon: <CalendarOutlined />, permission: 'meeting:read', testId: 'menu-meetings' },
      { path: PATHS.meetingTasks, label: 'menu.meetingTasks', icon: <CarryOutOutlined />, permission: 'meeting:read', testId: 'menu-meeting-tasks' },
      { path: PATHS.meetingOverview, label: 'menu.meetingOverview', icon: <PieChartOutlined />, permission: 'meeting:read', testId: 'menu-meeting-overview' },
      { path: PATHS.consultations, label: 'menu.consultations', icon: <CommentOutlined />, permission: 'consultation:read', testId: 'menu-consultations' },
      { path: PATHS.mediations, label: 'menu.mediations', icon: <SafetyOutlined />, permission: 'consultation:read', testId: 'menu-mediations' },
      { path: PATHS.consultationOverview, label: 'menu.consultationOverview', icon: <PieChartOutlined />, permission: 'consultation:read', testId: 'menu-consultation-overview' },
      { path: PATHS.consultationCatalogue, label: 'menu.consultationCatalogue', icon: <BookOutlined />, permission: 'consultation:read', testId: 'menu-consultation-catalogue' },
    ],
  },
  {
    key: 'cobuilding',
    label: 'menu.group.cobuilding',
    entries: [
      { path: PATHS.units, label: 'menu.units', icon: <BankOutlined />, permission: ['unit:read', 'unit:act'], testId: 'menu-units' },
      { path: PATHS.partyMembers, label: 'menu.partyMembers', icon: <FlagOutlined />, permission: ['unit:read', 'unit:act'], testId: 'menu-party-members' },
      { path: PATHS.services, label: 'menu.services', icon: <SolutionOutlined />, permission: ['unit:read', 'unit:act'], testId: 'menu-services' },
      { path: PATHS.resources, label: 'menu.resources', icon: <AppstoreOutlined />, permission: ['unit:read', 'unit:act', 'resource:book'], testId: 'menu-resources' },
      { path: PATHS.demands, label: 'menu.demands', icon: <FileTextOutlined />, permission: ['unit:read', 'unit:act'], testId: 'menu-demands' },
      { path: PATHS.projects, label: 'menu.projects', icon: <ProjectOutlined />, permission: ['project:read', 'project:claim'], testId: 'menu-projects' },
      { path: PATHS.funds, label: 'menu.funds', icon: <AccountBookOutlined />, permission: 'funds:read', testId: 'menu-funds' },
      { path: PATHS.unitsOverview, label: 'menu.unitsOverview', icon: <PieChartOutlined />, permission: 'unit:read', testId: 'menu-units-overview' },
      { path: PATHS.projectOverview, label: 'menu.projectOverview', icon: <PieChartOutlined />, permission: 'project:read', testId: 'menu-project-overview' },
    ],
  },
  {
    key: 'system',
    label: 'menu.group.system',
    entries: [
      { path: '/territory', label: 'menu.territory', icon: <ApartmentOutlined />, permission: 'territory:read', testId: 'menu-territory' },
      { path: '/users', label: 'menu.users', icon: <UserOutlined />, permission: 'user:read', testId: 'menu-users' },
      { path: '/audit', label: 'menu.audit', icon: <AuditOutlined />, permission: 'audit:read', testId: 'menu-audit' },
      { path: '/dicts', label: 'menu.dicts', icon: <BookOutlined />, permission: 'dict:write', testId: 'menu-dicts' },
      { path: '/open311-keys', label: 'menu.open311Keys', icon: <ApiOutlined />, permission: 'open311:admin', testId: 'menu-open311-keys' },
      { path: PASSWORD_PATH, label: 'menu.account', icon: <KeyOutlined />, testId: 'menu-account-password' },
    ],
  },
];

const TEST_IDS = new Map(MENU.flatMap((g) => g.entries).map((m) => [m.path, m.testId]));

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
  const location = useLocation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const roleLabel = useRoleLabel();

  const locked = !!me?.mustChangePassword;
  const menu = useMemo<MenuDataItem[]>(() => {
    const visible = (m: MenuEntry) => (locked ? m.path === PASSWORD_PATH : !m.permission || [m.permission].flat().some(can));
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
    const paths = MENU.flatMap((group) => group.entries.map((e) => e.path));
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
            <GlobalOutlined /> {t(`lang.${language}`)}
          </span>
        </Dropdown>,
      ]}
      avatarProps={{
        icon: <UserOutlined />,
        size: 'small',
        title: <span data-testid="avatar-name">{me.displayName}</span>,
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

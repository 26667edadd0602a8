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
  CommentOutlined,
  ClockCircleOutlined,
  ClusterOutlined,
  ControlOutlined,
  FileTextOutlined,
  FlagOutlined,
  HomeOutlined,
  KeyOutlined,
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
import type { MessageKey } from '../i18n';
import { PATHS } from '../paths';

export const PASSWORD_PATH = PATHS.password;

export interface MenuEntry {
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
export const MENU: MenuGroup[] = [
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

/** Whether an account holding `can`'s permissions sees the entry. */
export const mayOpen = (entry: MenuEntry, can: (permission: string) => boolean) => !entry.permission || [entry.permission].flat().some(can);

/** Every entry of the menu, in order. */
export const ENTRIES = MENU.flatMap((g) => g.entries);

/** The menu's entries at these paths, in this order: other pages link to them with the same names and icons. */
export const entriesAt = (paths: string[]) => paths.flatMap((path) => ENTRIES.filter((e) => e.path === path));

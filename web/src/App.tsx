import { Spin } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { SessionProvider, useSession } from './auth/session';
import { Forbidden, NotFound } from './components/Result';
import { I18nProvider } from './i18n';
import { PATHS } from './paths';

const AppLayout = lazy(() => import('./layout/AppLayout'));
const LoginPage = lazy(() => import('./pages/login/LoginPage'));
const HomePage = lazy(() => import('./pages/home/HomePage'));
const AccountPage = lazy(() => import('./pages/account/AccountPage'));
const TerritoryPage = lazy(() => import('./pages/territory/TerritoryPage'));
const UsersPage = lazy(() => import('./pages/users/UsersPage'));
const AuditPage = lazy(() => import('./pages/audit/AuditPage'));
const DictsPage = lazy(() => import('./pages/dicts/DictsPage'));
const Open311KeysPage = lazy(() => import('./pages/open311/Open311KeysPage'));
const HotlineImportPage = lazy(() => import('./pages/hotline/HotlineImportPage'));
const CasesPage = lazy(() => import('./pages/cases/CasesPage'));
const CaseDetailPage = lazy(() => import('./pages/cases/CaseDetailPage'));
const DepartmentsPage = lazy(() => import('./pages/departments/DepartmentsPage'));
const TimeLimitsPage = lazy(() => import('./pages/departments/TimeLimitsPage'));
const NotificationsPage = lazy(() => import('./pages/notifications/NotificationsPage'));
const StatsPage = lazy(() => import('./pages/stats/StatsPage'));
const CommitteesPage = lazy(() => import('./pages/committees/CommitteesPage'));
const CommitteeDetailPage = lazy(() => import('./pages/committees/CommitteeDetailPage'));
const CommitteeMemberRedirect = lazy(() => import('./pages/committees/CommitteeDetailPage').then((m) => ({ default: m.MemberRedirect })));
const CommitteeOverviewPage = lazy(() => import('./pages/committees/OverviewPage'));
const VisitsPage = lazy(() => import('./pages/committees/VisitsPage'));
const RoundsPage = lazy(() => import('./pages/selection/RoundsPage'));
const NewRoundPage = lazy(() => import('./pages/selection/NewRoundPage'));
const RoundDetailPage = lazy(() => import('./pages/selection/RoundDetailPage'));
const RulesPage = lazy(() => import('./pages/selection/RulesPage'));
const ConsultationsPage = lazy(() => import('./pages/consultation/ConsultationsPage'));
const ConsultationDetailPage = lazy(() => import('./pages/consultation/ConsultationDetailPage'));
const ConsultationCataloguePage = lazy(() => import('./pages/consultation/CataloguePage'));
const ConsultationOverviewPage = lazy(() => import('./pages/consultation/OverviewPage'));
const MediationsPage = lazy(() => import('./pages/consultation/MediationsPage'));
const MediationDetailPage = lazy(() => import('./pages/consultation/MediationDetailPage'));
const MeetingsPage = lazy(() => import('./pages/meetings/MeetingsPage'));
const MeetingDetailPage = lazy(() => import('./pages/meetings/MeetingDetailPage'));
const TopicsPage = lazy(() => import('./pages/meetings/TopicsPage'));
const TopicDetailPage = lazy(() => import('./pages/meetings/TopicDetailPage'));
const MeetingTasksPage = lazy(() => import('./pages/meetings/TasksPage'));
const MeetingCadencePage = lazy(() => import('./pages/meetings/CadencePage'));
const MeetingOverviewPage = lazy(() => import('./pages/meetings/OverviewPage'));
const NoticesPage = lazy(() => import('./pages/notices/NoticesPage'));
const ProjectsPage = lazy(() => import('./pages/projects/ProjectsPage'));
const NewProjectPage = lazy(() => import('./pages/projects/NewProjectPage'));
const ProjectDetailPage = lazy(() => import('./pages/projects/ProjectDetailPage'));
const ProjectOverviewPage = lazy(() => import('./pages/projects/OverviewPage'));
const FundsPage = lazy(() => import('./pages/funds/FundsPage'));
const UnitsPage = lazy(() => import('./pages/units/UnitsPage'));
const PartyMembersPage = lazy(() => import('./pages/units/MembersPage'));
const ServicesPage = lazy(() => import('./pages/units/ServicesPage'));
const UnitsOverviewPage = lazy(() => import('./pages/units/OverviewPage'));
const ResourcesPage = lazy(() => import('./pages/resources/ResourcesPage'));
const DemandsPage = lazy(() => import('./pages/demands/DemandsPage'));

const PASSWORD_PATH = PATHS.password;
const CASE_QUEUE = ['case:read', 'case:handle'];
const SELECTION_READ = ['selection:write', 'selection:approve'];
const PROJECT_READ = ['project:read', 'project:claim'];
const UNIT_PAGES = ['unit:read', 'unit:act'];

function Loading() {
  return (
    <div className="gz-center" style={{ minHeight: 320 }}>
      <Spin size="large" />
    </div>
  );
}

/** Pages behind a login; a password that must be changed comes before anything else. */
function RequireSession({ children }: { children: ReactNode }) {
  const { me } = useSession();
  const location = useLocation();
  if (me === undefined) return <Loading />;
  if (me === null) {
    const back = location.pathname + location.search;
    return <Navigate to={back === '/' ? '/login' : `/login?redirect=${encodeURIComponent(back)}`} replace />;
  }
  if (me.mustChangePassword && location.pathname !== PASSWORD_PATH) return <Navigate to={PASSWORD_PATH} replace />;
  return <>{children}</>;
}

/** Any one of several permissions opens the page (the case queue: case:read or case:handle). */
function RequirePermission({ permission, children }: { permission: string | string[]; children: ReactNode }) {
  const { can } = useSession();
  return [permission].flat().some(can) ? <>{children}</> : <Forbidden />;
}

const page = (node: ReactNode, permission?: string | string[]) => (
  <Suspense fallback={<Loading />}>{permission ? <RequirePermission permission={permission}>{node}</RequirePermission> : node}</Suspense>
);

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <BrowserRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
          <Routes>
            <Route path="/login" element={page(<LoginPage />)} />
            <Route
              element={
                <RequireSession>
                  <Suspense fallback={<Loading />}>
                    <AppLayout />
                  </Suspense>
                </RequireSession>
              }
            >
              <Route index element={page(<HomePage />)} />
              <Route path="territory" element={page(<TerritoryPage />, 'territory:read')} />
              <Route path="users" element={page(<UsersPage />, 'user:read')} />
              <Route path="audit" element={page(<AuditPage />, 'audit:read')} />
              <Route path="dicts" element={page(<DictsPage />, 'dict:write')} />
              <Route path="open311-keys" element={page(<Open311KeysPage />, 'open311:admin')} />
              <Route path="hotline-import" element={page(<HotlineImportPage />, 'case:create')} />
              <Route path="cases" element={page(<CasesPage />, CASE_QUEUE)} />
              <Route path="cases/:id" element={page(<CaseDetailPage />, CASE_QUEUE)} />
              <Route path="departments" element={page(<DepartmentsPage />, 'case:config')} />
              <Route path="case-time-limits" element={page(<TimeLimitsPage />, 'case:config')} />
              <Route path="notifications" element={page(<NotificationsPage />)} />
              <Route path="stats" element={page(<StatsPage />, 'stats:read')} />
              <Route path="account" element={<Navigate to={PASSWORD_PATH} replace />} />
              <Route path="account/password" element={page(<AccountPage />)} />
              <Route path="committees" element={page(<CommitteesPage />, 'committee:read')} />
              <Route path="committees/overview" element={page(<CommitteeOverviewPage />, 'committee:read')} />
              <Route path="committees/:id" element={page(<CommitteeDetailPage />, 'committee:read')} />
              <Route path="committees/members/:id" element={page(<CommitteeMemberRedirect />, 'committee:read')} />
              <Route path="visits" element={page(<VisitsPage />, ['visit:write', 'committee:read'])} />
              <Route path="selection/rounds" element={page(<RoundsPage />, SELECTION_READ)} />
              <Route path="selection/rounds/new" element={page(<NewRoundPage />, 'selection:write')} />
              <Route path="selection/rounds/:id" element={page(<RoundDetailPage />, SELECTION_READ)} />
              <Route path="consultations" element={page(<ConsultationsPage />, 'consultation:read')} />
              <Route path="consultations/overview" element={page(<ConsultationOverviewPage />, 'consultation:read')} />
              <Route path="consultations/catalogue" element={page(<ConsultationCataloguePage />, 'consultation:read')} />
              <Route path="consultations/:id" element={page(<ConsultationDetailPage />, 'consultation:read')} />
              <Route path="mediations" element={page(<MediationsPage />, 'consultation:read')} />
              <Route path="mediations/:id" element={page(<MediationDetailPage />, 'consultation:read')} />
              <Route path="committee-rules" element={page(<RulesPage />, 'committee:config')} />
              <Route path="projects" element={page(<ProjectsPage />, PROJECT_READ)} />
              <Route path="projects/new" element={page(<NewProjectPage />, 'project:write')} />
              <Route path="projects/overview" element={page(<ProjectOverviewPage />, 'project:read')} />
              <Route path="projects/:id" element={page(<ProjectDetailPage />, PROJECT_READ)} />
              <Route path="funds" element={page(<FundsPage />, 'funds:read')} />
              <Route path="meetings" element={page(<MeetingsPage />, 'meeting:read')} />
              <Route path="meetings/topics" element={page(<TopicsPage />, 'meeting:read')} />
              <Route path="meetings/topics/:id" element={page(<TopicDetailPage />, 'meeting:read')} />
              <Route path="meetings/tasks" element={page(<MeetingTasksPage />, 'meeting:read')} />
              <Route path="meetings/cadence" element={page(<MeetingCadencePage />, 'meeting:read')} />
              <Route path="meetings/overview" element={page(<MeetingOverviewPage />, 'meeting:read')} />
              <Route path="meetings/:id" element={page(<MeetingDetailPage />, 'meeting:read')} />
              <Route path="notices" element={page(<NoticesPage />, 'notice:write')} />
              <Route path="units" element={page(<UnitsPage />, UNIT_PAGES)} />
              <Route path="units/overview" element={page(<UnitsOverviewPage />, 'unit:read')} />
              <Route path="party-members" element={page(<PartyMembersPage />, UNIT_PAGES)} />
              <Route path="service-records" element={page(<ServicesPage />, UNIT_PAGES)} />
              <Route path="resources" element={page(<ResourcesPage />, [...UNIT_PAGES, 'resource:book'])} />
              <Route path="demands" element={page(<DemandsPage />, UNIT_PAGES)} />
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </I18nProvider>
  );
}

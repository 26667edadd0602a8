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
const StatsPage = lazy(() => import('./pages/stats/StatsPage'));

const PASSWORD_PATH = PATHS.password;

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

function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const { can } = useSession();
  return can(permission) ? <>{children}</> : <Forbidden />;
}

const page = (node: ReactNode, permission?: string) => (
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
              <Route path="stats" element={page(<StatsPage />, 'stats:read')} />
              <Route path="account" element={<Navigate to={PASSWORD_PATH} replace />} />
              <Route path="account/password" element={page(<AccountPage />)} />
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </I18nProvider>
  );
}

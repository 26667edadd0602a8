import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, call, onPasswordChangeRequired, onUnauthorized, setCsrfToken, type paths } from '../api/client';

export type Me = NonNullable<paths['/api/v1/me']['get']['responses'][200]['content']['application/json']>;
export type LoginBody = NonNullable<paths['/api/v1/auth/login']['post']['requestBody']>['content']['application/json'];

interface Session {
  /** undefined while the first /me is in flight; null when logged out. */
  me: Me | null | undefined;
  /** The session ended while the console was open (idle too long, or past its maximum): the sign-in page says so. */
  expired: boolean;
  login: (body: LoginBody) => Promise<Me>;
  logout: () => Promise<void>;
  refresh: () => Promise<Me | null>;
  can: (permission: string) => boolean;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);

  const accept = useCallback((next: Me | null) => {
    setCsrfToken(next?.csrfToken ?? null);
    setMe(next);
    return next;
  }, []);

  const refresh = useCallback(async () => accept(await call(api.GET('/api/v1/me'))), [accept]);

  useEffect(() => {
    refresh().catch(() => accept(null));
    onUnauthorized((code) => {
      setExpired(code === 'session_expired');
      accept(null);
    });
    onPasswordChangeRequired(() => {
      setMe((current) => (current ? { ...current, mustChangePassword: true } : current));
    });
    return () => {
      onUnauthorized(null);
      onPasswordChangeRequired(null);
    };
  }, [refresh, accept]);

  const login = useCallback(async (body: LoginBody) => {
    const result = await call(api.POST('/api/v1/auth/login', { body }));
    setExpired(false);
    accept(result);
    return result;
  }, [accept]);

  const logout = useCallback(async () => {
    try {
      await call(api.POST('/api/v1/auth/logout'));
    } finally {
      accept(null);
    }
  }, [accept]);

  const value = useMemo<Session>(() => {
    const permissions = new Set(me?.permissions ?? []);
    return { me, expired, login, logout, refresh, can: (permission) => permissions.has(permission) };
  }, [me, expired, login, logout, refresh]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The logged-in user; only for pages under the authenticated layout. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}

/** The community an account at community level or below (a grid worker's too) works in: forms start there. */
export function useMyCommunity(): { id: number; name: string } | null {
  const { me } = useSession();
  const role = me?.roles.find((r) => r.communityId !== null);
  return role ? { id: role.communityId!, name: role.communityName ?? '' } : null;
}

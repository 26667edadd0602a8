import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { api, call, setCsrf } from './api';

interface Session {
  /** undefined while asking the server; null when not signed in. */
  phone: string | null | undefined;
  signedIn(phone: string, csrf: string): void;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session>({ phone: undefined, signedIn: () => undefined, signOut: async () => undefined });

export function SessionProvider({ children }: { children: React.ReactNode }) {
  const [phone, setPhone] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    call(api.GET('/api/v1/resident/me')).then(
      (me) => {
        setCsrf(me?.csrfToken ?? null);
        setPhone(me?.phone ?? null);
      },
      () => setPhone(null),
    );
  }, []);
  const signedIn = useCallback((p: string, csrf: string) => {
    setCsrf(csrf);
    setPhone(p);
  }, []);
  const signOut = useCallback(async () => {
    await call(api.POST('/api/v1/resident/auth/logout')).catch(() => undefined);
    setCsrf(null);
    setPhone(null);
  }, []);
  return <SessionContext.Provider value={{ phone, signedIn, signOut }}>{children}</SessionContext.Provider>;
}

export const useSession = () => useContext(SessionContext);

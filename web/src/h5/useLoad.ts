import { useCallback, useEffect, useState } from 'react';

/** Loads once per `key`; `reload` asks again, `set` replaces the value with a fresher one the server returned. */
export function useLoad<T>(load: () => Promise<T>, key: string) {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  const run = useCallback(() => {
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => setState({ data, loading: false }),
      (e: Error) => setState({ error: e.message, loading: false }),
    );
  }, [key]);
  useEffect(run, [run]);
  return { ...state, reload: run, set: (data: T) => setState({ data, loading: false }) };
}

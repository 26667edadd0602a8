import { useState } from 'react';
import { Problem } from './api';

/** A form's submit on the phone: busy while it runs, then the server's sentence and its fields' sentences, or done. */
export function useSubmit(run: () => Promise<unknown>, done: () => void = () => undefined) {
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setFields({});
    try {
      await run();
      done();
    } catch (x) {
      if (x instanceof Problem) {
        setFields(x.fields);
        setError(x.message);
      } else setError(String(x));
    } finally {
      setBusy(false);
    }
  };
  return { error, fields, busy, submit };
}

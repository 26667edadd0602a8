import { useEffect, useState } from 'react';
import { api, call, Problem } from '../api';
import { useSession } from '../session';
import { T } from '../text';

const PHONE = /^1[3-9]\d{9}$/;

/** Phone + one-time code; shown in place of any page that needs a signed-in resident. */
export function Login() {
  const { signedIn } = useSession();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [wait, setWait] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  const sendCode = async () => {
    setError(null);
    if (!PHONE.test(phone)) return setError(T.phoneInvalid);
    try {
      const sent = await call(api.POST('/api/v1/resident/auth/code', { body: { phone } }));
      setNotice(T.codeSent(sent.sentTo));
      setWait(sent.resendAfterSeconds);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const login = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!PHONE.test(phone)) return setError(T.phoneInvalid);
    setBusy(true);
    try {
      const me = await call(api.POST('/api/v1/resident/auth/login', { body: { phone, code } }));
      signedIn(me.phone, me.csrfToken);
    } catch (err) {
      setError(err instanceof Problem ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={login} data-testid="h5-login">
      <h2>{T.loginTitle}</h2>
      <p className="muted">{T.loginHint}</p>
      <label className="field">
        <span>{T.phone}</span>
        <input type="tel" inputMode="numeric" autoComplete="tel" maxLength={11} placeholder={T.phonePlaceholder} value={phone} onChange={(e) => setPhone(e.target.value.replace(/\D/g, ''))} data-testid="h5-phone" />
      </label>
      <label className="field">
        <span>{T.code}</span>
        <div className="row">
          <input type="text" inputMode="numeric" autoComplete="one-time-code" maxLength={6} placeholder={T.codePlaceholder} value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} data-testid="h5-code" />
          <button type="button" className="button secondary" disabled={wait > 0} onClick={sendCode} data-testid="h5-send-code">
            {wait > 0 ? T.resend(wait) : T.getCode}
          </button>
        </div>
      </label>
      {notice ? <p className="notice">{notice}</p> : null}
      {error ? <p className="error" role="alert">{error}</p> : null}
      <button type="submit" className="button primary block" disabled={busy || code.length !== 6} data-testid="h5-login-submit">
        {T.login}
      </button>
    </form>
  );
}

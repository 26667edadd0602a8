import { useCallback, useEffect, useState } from 'react';
import { api, call, Problem, setCsrf } from '../api';
import type { paths } from '../../api/schema';

type Meeting = paths['/api/v1/meetings/{id}']['get']['responses']['200']['content']['application/json'];

const S = {
  title: '会议签到',
  login: '请使用您的社工委委员账号登录后签到',
  username: '账号',
  password: '密码',
  loginButton: '登录',
  signIn: '确认签到',
  signedIn: '您已签到',
  notInvited: '您不在本次会议的表决委员名单中',
  notOpen: '会议尚未开始签到或已结束',
  quorum: (present: number, voting: number, needed: number) => `已到 ${present}/${voting} 人，法定人数 ${needed} 人`,
};

/**
 * The page the meeting's QR code opens: a committee member signs in with their own
 * console account (members have no resident phone login), then confirms their presence.
 */
export function MeetingSignIn({ meetingId }: { meetingId: number }) {
  const [token, setToken] = useState<string | null | undefined>(undefined);
  const [meeting, setMeeting] = useState<Meeting | null>(null);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setMeeting(await call(api.GET('/api/v1/meetings/{id}', { params: { path: { id: meetingId } } })));
    } catch (e) {
      setError((e as Error).message);
    }
  }, [meetingId]);

  useEffect(() => {
    void (async () => {
      try {
        const me = await call(api.GET('/api/v1/me'));
        setToken(me.csrfToken);
        await load();
      } catch {
        setToken(null);
      }
    })();
  }, [load]);

  const login = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await call(api.POST('/api/v1/auth/login', { body: { username: username.trim(), password } }));
      setToken(me.csrfToken);
      await load();
    } catch (x) {
      setError(x instanceof Problem ? x.message : String(x));
    } finally {
      setBusy(false);
    }
  };

  const signIn = async () => {
    setBusy(true);
    setError(null);
    try {
      setCsrf(token ?? null);
      setMeeting(await call(api.POST('/api/v1/meetings/{id}/sign-in/me', { params: { path: { id: meetingId } } })));
    } catch (x) {
      setError(x instanceof Problem ? x.message : String(x));
    } finally {
      setBusy(false);
    }
  };

  if (token === undefined) return <p className="muted center">…</p>;
  if (token === null) {
    return (
      <form className="card" onSubmit={login} data-testid="meeting-login">
        <p>{S.login}</p>
        <label className="field"><span>{S.username}</span><input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" data-testid="meeting-username" /></label>
        <label className="field"><span>{S.password}</span><input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" data-testid="meeting-password" /></label>
        {error ? <p className="error">{error}</p> : null}
        <button type="submit" className="primary" disabled={busy}>{S.loginButton}</button>
      </form>
    );
  }
  if (!meeting) return <p className="card error">{error ?? '…'}</p>;
  const mine = meeting.invitees.find((i) => i.id === meeting.myInviteeId);
  return (
    <div className="card" data-testid="meeting-sign-in">
      <h2>{meeting.title}</h2>
      <p className="muted">{meeting.place}</p>
      <p data-testid="meeting-quorum">{S.quorum(meeting.quorum.present, meeting.quorum.voting, meeting.quorum.needed)}</p>
      {!mine ? <p className="error">{S.notInvited}</p> : mine.signedInAt ? <p className="notice" data-testid="meeting-signed-in">{S.signedIn}</p> : meeting.status !== 'in_progress' ? <p className="muted">{S.notOpen}</p> : (
        <button type="button" className="primary" onClick={() => void signIn()} disabled={busy} data-testid="meeting-sign-in-button">{S.signIn}</button>
      )}
      {error ? <p className="error">{error}</p> : null}
    </div>
  );
}

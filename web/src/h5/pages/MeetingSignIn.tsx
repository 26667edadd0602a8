import { useCallback, useEffect, useState } from 'react';
import { api, call, Problem, setCsrf } from '../api';
import type { paths } from '../../api/schema';
import { useSession } from '../session';
import { Login } from './Login';

type Meeting = paths['/api/v1/meetings/{id}']['get']['responses']['200']['content']['application/json'];
type PhoneView = paths['/api/v1/resident/meetings/{id}/sign-in']['get']['responses']['200']['content']['application/json'];

const S = {
  byPhone: '委员请用在社区登记的手机号登录签到',
  byAccount: '有社工委委员账号的，也可用账号登录',
  username: '账号',
  password: '密码',
  loginButton: '登录',
  signIn: '确认签到',
  signedIn: '您已签到',
  notInvited: '您不在本次会议的表决委员名单中',
  notOpen: '会议尚未开始签到或已结束',
  quorum: (q: { present: number; voting: number; needed: number }) => `已到 ${q.present}/${q.voting} 人，法定人数 ${q.needed} 人`,
};

const message = (x: unknown) => (x instanceof Problem ? x.message : String(x));

/** The meeting, the live quorum and the sign-in button or the state that stands instead. */
function Card({ title, place, status, quorum, invitee, busy, error, onSignIn }: { title: string; place: string; status: string; quorum: { present: number; voting: number; needed: number }; invitee: { name: string; signedInAt: string | null } | null; busy: boolean; error: string | null; onSignIn: () => void }) {
  return (
    <div className="card" data-testid="meeting-sign-in">
      <h2>{title}</h2>
      <p className="muted">{place}</p>
      <p data-testid="meeting-quorum">{S.quorum(quorum)}</p>
      {invitee ? <p>{invitee.name}</p> : null}
      {!invitee ? <p className="error">{S.notInvited}</p> : invitee.signedInAt ? <p className="notice" data-testid="meeting-signed-in">{S.signedIn}</p> : status !== 'in_progress' ? <p className="muted">{S.notOpen}</p> : (
        <button type="button" className="primary" onClick={onSignIn} disabled={busy} data-testid="meeting-sign-in-button">{S.signIn}</button>
      )}
      {error ? <p className="error">{error}</p> : null}
    </div>
  );
}

/** Signed in with the phone code: the member holding that number. */
function ByPhone({ meetingId }: { meetingId: number }) {
  const [view, setView] = useState<PhoneView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const path = { params: { path: { id: meetingId } } };
  useEffect(() => {
    call(api.GET('/api/v1/resident/meetings/{id}/sign-in', path)).then(setView, (x: unknown) => setError(message(x)));
  }, [meetingId]);
  if (!view) return <p className="card error">{error ?? '…'}</p>;
  const signIn = async () => {
    setBusy(true);
    setError(null);
    try {
      setView(await call(api.POST('/api/v1/resident/meetings/{id}/sign-in', path)));
    } catch (x) {
      setError(message(x));
    } finally {
      setBusy(false);
    }
  };
  return <Card {...view} busy={busy} error={error} onSignIn={() => void signIn()} />;
}

/** Signed in with a console account: the invitee bound to that account. */
function ByAccount({ meetingId, csrf }: { meetingId: number; csrf: string }) {
  const [meeting, setMeeting] = useState<Meeting | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    call(api.GET('/api/v1/meetings/{id}', { params: { path: { id: meetingId } } })).then(setMeeting, (x: unknown) => setError(message(x)));
  }, [meetingId]);
  if (!meeting) return <p className="card error">{error ?? '…'}</p>;
  const mine = meeting.invitees.find((i) => i.id === meeting.myInviteeId);
  const signIn = async () => {
    setBusy(true);
    setError(null);
    try {
      setCsrf(csrf);
      setMeeting(await call(api.POST('/api/v1/meetings/{id}/sign-in/me', { params: { path: { id: meetingId } } })));
    } catch (x) {
      setError(message(x));
    } finally {
      setBusy(false);
    }
  };
  return <Card title={meeting.title} place={meeting.place} status={meeting.status} quorum={meeting.quorum} invitee={mine ? { name: mine.name, signedInAt: mine.signedInAt } : null} busy={busy} error={error} onSignIn={() => void signIn()} />;
}

function AccountLogin({ onDone }: { onDone: (csrf: string) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const login = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone((await call(api.POST('/api/v1/auth/login', { body: { username: username.trim(), password } }))).csrfToken);
    } catch (x) {
      setError(message(x));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={login} data-testid="meeting-login">
      <p>{S.byAccount}</p>
      <label className="field"><span>{S.username}</span><input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" data-testid="meeting-username" /></label>
      <label className="field"><span>{S.password}</span><input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" data-testid="meeting-password" /></label>
      {error ? <p className="error">{error}</p> : null}
      <button type="submit" className="primary" disabled={busy}>{S.loginButton}</button>
    </form>
  );
}

/**
 * The page the meeting's QR code opens. A committee member signs in by the phone number
 * the committee keeps for them (most members have no console account), or with their
 * console account, then confirms their presence.
 */
export function MeetingSignIn({ meetingId }: { meetingId: number }) {
  const { phone } = useSession();
  const [csrf, setStaffCsrf] = useState<string | null | undefined>(undefined);
  const askStaff = useCallback(() => {
    call(api.GET('/api/v1/me')).then((me) => setStaffCsrf(me.csrfToken), () => setStaffCsrf(null));
  }, []);
  useEffect(askStaff, [askStaff]);
  if (csrf === undefined || phone === undefined) return <p className="muted center">…</p>;
  if (csrf) return <ByAccount meetingId={meetingId} csrf={csrf} />;
  if (phone) return <ByPhone meetingId={meetingId} />;
  return (
    <>
      <p className="card">{S.byPhone}</p>
      <Login />
      <AccountLogin onDone={setStaffCsrf} />
    </>
  );
}

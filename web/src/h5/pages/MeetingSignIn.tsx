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
  signInAs: (name: string) => `为 ${name} 签到`,
  signedIn: '您已签到',
  notInvited: '您不在本次会议的表决委员名单中',
  notOpen: '会议尚未开始签到或已结束',
  quorum: (q: { present: number; voting: number; needed: number }) => `已到 ${q.present}/${q.voting} 人，法定人数 ${q.needed} 人`,
};

const message = (x: unknown) => (x instanceof Problem ? x.message : String(x));

type Invitee = { id: number; name: string; signedInAt: string | null };

/**
 * The meeting, the live quorum, and for each invitee the sign-in button or the state that
 * stands instead (members sharing a phone line each get their own).
 */
function Card({ title, place, status, quorum, invitees, busy, error, onSignIn }: { title: string; place: string; status: string; quorum: { present: number; voting: number; needed: number }; invitees: Invitee[]; busy: boolean; error: string | null; onSignIn: (inviteeId: number) => void }) {
  const open = status === 'in_progress';
  return (
    <div className="card" data-testid="meeting-sign-in">
      <h2>{title}</h2>
      <p className="muted">{place}</p>
      <p data-testid="meeting-quorum">{S.quorum(quorum)}</p>
      {invitees.length === 0 ? <p className="error">{S.notInvited}</p> : null}
      {invitees.map((invitee) => (
        <div key={invitee.id} data-testid="meeting-invitee">
          <p>{invitee.name}</p>
          {invitee.signedInAt ? <p className="notice" data-testid="meeting-signed-in">{S.signedIn}</p> : !open ? <p className="muted">{S.notOpen}</p> : (
            <button type="button" className="primary" onClick={() => onSignIn(invitee.id)} disabled={busy} data-testid="meeting-sign-in-button">
              {invitees.length > 1 ? S.signInAs(invitee.name) : S.signIn}
            </button>
          )}
        </div>
      ))}
      {error ? <p className="error">{error}</p> : null}
    </div>
  );
}

/** Signed in with the phone code: the members holding that number. */
function ByPhone({ meetingId }: { meetingId: number }) {
  const [view, setView] = useState<PhoneView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const path = { params: { path: { id: meetingId } } };
  useEffect(() => {
    call(api.GET('/api/v1/resident/meetings/{id}/sign-in', path)).then(setView, (x: unknown) => setError(message(x)));
  }, [meetingId]);
  if (!view) return <p className="card error">{error ?? '…'}</p>;
  const signIn = async (inviteeId: number) => {
    setBusy(true);
    setError(null);
    try {
      setView(await call(api.POST('/api/v1/resident/meetings/{id}/sign-in', { ...path, body: { inviteeId } })));
    } catch (x) {
      setError(message(x));
    } finally {
      setBusy(false);
    }
  };
  return <Card {...view} busy={busy} error={error} onSignIn={(inviteeId) => void signIn(inviteeId)} />;
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
  return <Card title={meeting.title} place={meeting.place} status={meeting.status} quorum={meeting.quorum} invitees={mine ? [{ id: mine.id, name: mine.name, signedInAt: mine.signedInAt }] : []} busy={busy} error={error} onSignIn={() => void signIn()} />;
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
    call(api.GET('/api/v1/me')).then((me) => setStaffCsrf(me?.csrfToken ?? null), () => setStaffCsrf(null));
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

import { CaseDetail } from './pages/CaseDetail';
import { Done, MyCases } from './pages/Cases';
import { Landing } from './pages/Landing';
import { Login } from './pages/Login';
import { Submit } from './pages/Submit';
import { Board } from './pages/Board';
import { Nominate } from './pages/Nominate';
import { NoticeDetail } from './pages/NoticeDetail';
import { Consultation } from './pages/Consultation';
import { C } from './consultation-text';
import { Project } from './pages/Project';
import { MeetingSignIn } from './pages/MeetingSignIn';
import { P } from './member-text';
import { PartyMember } from './pages/PartyMember';
import { B } from './board-text';
import { Link, match, useLocation } from './router';
import { useSession } from './session';
import { T } from './text';

function Page({ title, back, children }: { title: string; back?: boolean; children: React.ReactNode }) {
  const { phone, signOut } = useSession();
  return (
    <>
      <header className="bar">
        {back ? (
          <button type="button" className="back" aria-label={T.back} onClick={() => window.history.back()}>
            ‹
          </button>
        ) : (
          <span className="brand">{T.brand}</span>
        )}
        <h1>{title}</h1>
        {phone ? (
          <button type="button" className="bar-action" onClick={() => void signOut()}>
            {T.logout}
          </button>
        ) : (
          <span />
        )}
      </header>
      <main>{children}</main>
      {phone ? (
        <nav className="tabs">
          <Link to="/h5/cases">{T.myCases}</Link>
        </nav>
      ) : null}
    </>
  );
}

/** Pages that need the resident signed in show the login form in their place until they are. */
function Guarded({ children }: { children: React.ReactNode }) {
  const { phone } = useSession();
  if (phone === undefined) return <p className="muted center">{T.loading}</p>;
  return phone ? <>{children}</> : <Login />;
}

export function App() {
  const { path, search } = useLocation();
  const place = Number(new URLSearchParams(search).get('place')) || null;
  let m: Record<string, string> | null;
  if ((m = match('/h5/c/:id', path))) return <Page title={T.residentService}><Landing communityId={Number(m.id)} query={search} /></Page>;
  if ((m = match('/h5/c/:id/new', path))) {
    return (
      <Page title={T.report} back>
        <Guarded>
          <Submit communityId={Number(m.id)} place={place} />
        </Guarded>
      </Page>
    );
  }
  if ((m = match('/h5/c/:id/party-member', path))) {
    return (
      <Page title={P.title} back>
        <Guarded>
          <PartyMember communityId={Number(m.id)} />
        </Guarded>
      </Page>
    );
  }
  if ((m = match('/h5/done/:id', path))) return <Page title={T.done}><Guarded><Done id={Number(m.id)} /></Guarded></Page>;
  if ((m = match('/h5/cases/:id', path))) return <Page title={T.progress} back><Guarded><CaseDetail id={Number(m.id)} /></Guarded></Page>;
  if ((m = match('/h5/board/:id', path))) return <Page title={B.board}><Board communityId={Number(m.id)} /></Page>;
  if ((m = match('/h5/notice/:id', path))) return <Page title={B.board} back><NoticeDetail id={Number(m.id)} /></Page>;
  if ((m = match('/h5/projects/:id', path))) return <Page title="项目监督评价" back><Project id={Number(m.id)} /></Page>;
  if ((m = match('/h5/meeting/:id/sign-in', path))) return <Page title="会议签到"><MeetingSignIn meetingId={Number(m.id)} /></Page>;
  if ((m = match('/h5/round/:id', path))) return <Page title={B.nominateTitle} back><Nominate roundId={Number(m.id)} /></Page>;
  if ((m = match('/h5/consultation/:id', path))) return <Page title={C.title} back><Consultation id={Number(m.id)} /></Page>;
  if (match('/h5/cases', path) || match('/h5', path) || match('/h5/login', path)) {
    return (
      <Page title={T.myCases}>
        <Guarded>
          <MyCases />
        </Guarded>
      </Page>
    );
  }
  return (
    <Page title={T.notFound}>
      <p className="muted center card">{T.scanHint}</p>
    </Page>
  );
}

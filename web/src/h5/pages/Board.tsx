import { api, call } from '../api';
import { B } from '../board-text';
import { Link } from '../router';
import { T } from '../text';
import { useLoad } from '../useLoad';
import { when } from './parts';

type Notice = { id: number; kind: string; title: string; startsAt: string; endsAt: string | null; acceptingObjections: boolean };
const day = (iso: string) => new Date(iso).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' });

function NoticeList({ items }: { items: Notice[] }) {
  if (items.length === 0) return <p className="muted">{B.none}</p>;
  return (
    <ul className="list">
      {items.map((n) => (
        <li key={n.id} className="item">
          <Link to={`/h5/notice/${n.id}`} testId="board-notice">
            <span className="status working">{B.kinds[n.kind]}</span> {n.title}
          </Link>
          <p className="muted small">{B.period(day(n.startsAt), n.endsAt ? day(n.endsAt) : null)}</p>
          {n.acceptingObjections ? (
            <Link to={`/h5/notice/${n.id}`} className="button secondary" testId="board-object">
              {B.object}
            </Link>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** 社区公示栏: no login; notices, the committee by name and role, and the published case results. */
export function Board({ communityId }: { communityId: number }) {
  const board = useLoad(() => call(api.GET('/api/v1/public/communities/{id}/board', { params: { path: { id: communityId } } })), `b-${communityId}`);
  const cases = useLoad(() => call(api.GET('/api/v1/public/communities/{id}/cases', { params: { path: { id: communityId }, query: { pageSize: 10 } } })), `bc-${communityId}`);
  const consulting = useLoad(() => call(api.GET('/api/v1/public/communities/{id}/consultations', { params: { path: { id: communityId } } })), `bq-${communityId}`);
  if (board.error) return <p className="error card">{board.error}</p>;
  if (!board.data) return <p className="muted center">{T.loading}</p>;
  const { community, committee, current, past } = board.data;
  return (
    <>
      <section className="card" data-testid="board">
        <h2>{community.name}</h2>
        <h3>{B.current}</h3>
        <NoticeList items={current} />
      </section>
      {consulting.data && consulting.data.length > 0 ? (
        <section className="card" data-testid="board-consultations">
          <h3>{B.consulting}</h3>
          <ul className="list">
            {consulting.data.map((c) => (
              <li key={c.id} className="item">
                <span className="status working">{c.levelName}</span> {c.title}
                <p className="muted small">{B.consultUntil(when(c.collectUntil))}</p>
                <Link to={`/h5/consultation/${c.id}`} className="button secondary" testId="board-consultation">
                  {B.giveOpinion}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card" data-testid="board-committee">
        <h3>{committee?.name ?? B.committee}</h3>
        {committee && committee.members.length > 0 ? (
          <ul className="list">
            {committee.members.map((m, i) => (
              <li key={i} className="row between">
                <span>{m.name}</span>
                <span className="muted">{B.roles[m.role]}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{B.noCommittee}</p>
        )}
      </section>
      <section className="card">
        <h3>{B.results}</h3>
        {cases.data && cases.data.data.length > 0 ? (
          <ul className="list">
            {cases.data.data.map((c) => (
              <li key={c.id} className="item">
                <strong>{c.categoryName}</strong> {c.description}
                {c.replyText ? <p className="muted small prewrap">{c.replyText}</p> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{B.noResults}</p>
        )}
      </section>
      <section className="card">
        <h3>{B.past}</h3>
        <NoticeList items={past} />
      </section>
    </>
  );
}

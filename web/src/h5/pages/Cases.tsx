import { api, call, type CaseSummary } from '../api';
import { Link } from '../router';
import { T } from '../text';
import { useLoad } from '../useLoad';
import { Status, when } from './parts';

export function Done({ id }: { id: number }) {
  const { data, error } = useLoad(() => call(api.GET('/api/v1/resident/cases/{id}', { params: { path: { id } } })), `done-${id}`);
  if (error) return <p className="error">{error}</p>;
  if (!data) return <p className="muted center">{T.loading}</p>;
  return (
    <section className="card center" data-testid="h5-done">
      <div className="tick" aria-hidden>
        ✓
      </div>
      <h2>{T.done}</h2>
      <p className="muted">{T.trackingNo}</p>
      <p className="tracking" data-testid="h5-tracking-no">
        {data.trackingNo}
      </p>
      <p className="muted">{T.doneHint}</p>
      <Link to={`/h5/cases/${id}`} className="button primary block">
        {T.viewCase}
      </Link>
      <Link to={`/h5/c/${data.communityId}/new`} className="button secondary block">
        {T.backToCommunity}
      </Link>
    </section>
  );
}

export function MyCases() {
  const { data, error } = useLoad(() => call(api.GET('/api/v1/resident/cases', { params: { query: { pageSize: 50 } } })), 'mine');
  if (error) return <p className="error">{error}</p>;
  if (!data) return <p className="muted center">{T.loading}</p>;
  if (data.data.length === 0) return <p className="muted center card">{T.noCases}</p>;
  return (
    <ul className="list" data-testid="h5-my-cases">
      {data.data.map((c: CaseSummary) => (
        <li key={c.id}>
          <Link to={`/h5/cases/${c.id}`} className="item">
            <div className="row between">
              <strong>{c.categoryName}</strong>
              <Status status={c.status} name={c.statusName} />
            </div>
            <p className="clip">{c.description}</p>
            <p className="muted small">
              {c.trackingNo} · {when(c.createdAt)}
            </p>
          </Link>
        </li>
      ))}
    </ul>
  );
}

import { api, call } from '../api';
import { Link } from '../router';
import { B } from '../board-text';
import { P } from '../member-text';
import { T } from '../text';
import { useLoad } from '../useLoad';

/** What the community's QR code opens. */
export function Landing({ communityId, query }: { communityId: number; query: string }) {
  const { data, error } = useLoad(() => call(api.GET('/api/v1/resident/communities/{id}', { params: { path: { id: communityId } } })), `c-${communityId}`);
  if (error) return <p className="error card">{error}</p>;
  if (!data) return <p className="muted center">{T.loading}</p>;
  return (
    <section className="card center" data-testid="h5-landing">
      <h2 data-testid="h5-community-name">{data.name}</h2>
      <p className="muted">{data.fullName}</p>
      <p>{T.tagline}</p>
      <Link to={`/h5/c/${communityId}/new${query}`} className="button primary block" testId="h5-report">
        {T.report}
      </Link>
      <Link to="/h5/cases" className="button secondary block" testId="h5-my-cases-link">
        {T.myCases}
      </Link>
      <Link to={`/h5/board/${communityId}`} className="button secondary block" testId="h5-board-link">
        {B.board}
      </Link>
      <Link to={`/h5/c/${communityId}/party-member`} className="button secondary block" testId="h5-party-member-link">
        {P.link}
      </Link>
    </section>
  );
}

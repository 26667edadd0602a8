import { useState } from 'react';
import { api, call, type Rating, type ResidentCase } from '../api';
import { T } from '../text';
import { useLoad } from '../useLoad';
import { Photos, Status, when } from './parts';

const RATINGS: Rating[] = ['satisfied', 'basically_satisfied', 'dissatisfied'];

/** One case: where it stands, every public step, the reply with its photos, and the rating. */
export function CaseDetail({ id }: { id: number }) {
  const { data, error, set } = useLoad(() => call(api.GET('/api/v1/resident/cases/{id}', { params: { path: { id } } })), `case-${id}`);
  if (error) return <p className="error">{error}</p>;
  if (!data) return <p className="muted center">{T.loading}</p>;
  return (
    <div data-testid="h5-case">
      <section className="card">
        <div className="row between">
          <strong>{data.categoryName}</strong>
          <Status status={data.status} name={data.statusName} />
        </div>
        <p className="muted small" data-testid="h5-case-tracking">
          {T.trackingNo} {data.trackingNo}
        </p>
        <p className="prewrap">{data.description}</p>
        <p className="muted small">
          {data.communityName}
          {data.placeName !== data.communityName ? ` · ${data.placeName}` : ''}
          {data.address ? ` · ${data.address}` : ''}
        </p>
        <Photos items={data.timeline.find((s) => s.action === 'submit')?.attachments ?? []} />
      </section>
      {data.rejectReason && data.status === 'rejected' ? (
        <section className="card">
          <h3>{T.rejected}</h3>
          <p>{data.rejectReason}</p>
        </section>
      ) : null}
      {data.replyText ? (
        <section className="card" data-testid="h5-reply">
          <h3>{T.reply}</h3>
          <p className="prewrap">{data.replyText}</p>
          <Photos items={data.timeline.filter((s) => s.action === 'reply').at(-1)?.attachments ?? []} />
        </section>
      ) : null}
      <Verdict c={data} onChange={set} />
      <section className="card">
        <h3>{T.progress}</h3>
        <ol className="timeline" data-testid="h5-timeline">
          {[...data.timeline].reverse().map((s) => (
            <li key={s.id}>
              <div className="row between">
                <strong>{s.label}</strong>
                <span className="muted small">{when(s.at)}</span>
              </div>
              {s.note ? <p className="prewrap small">{s.note}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function Verdict({ c, onChange }: { c: ResidentCase; onChange: (c: ResidentCase) => void }) {
  const [rating, setRating] = useState<Rating | null>(null);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const path = { params: { path: { id: c.id } } };

  const act = async (request: () => Promise<ResidentCase>) => {
    setBusy(true);
    setError(null);
    try {
      onChange(await request());
      setComment('');
      setRating(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (c.canRate) {
    return (
      <section className="card" data-testid="h5-rate">
        <h3>{T.rateTitle}</h3>
        <div className="choices">
          {RATINGS.map((r) => (
            <button key={r} type="button" className={`button choice ${rating === r ? 'chosen' : ''}`} onClick={() => setRating(r)} data-testid={`h5-rate-${r}`}>
              {T.ratings[r]}
            </button>
          ))}
        </div>
        <textarea rows={2} maxLength={500} placeholder={T.ratingComment} value={comment} onChange={(e) => setComment(e.target.value)} />
        {error ? <p className="error">{error}</p> : null}
        <button
          type="button"
          className="button primary block"
          disabled={!rating || busy}
          data-testid="h5-rate-submit"
          onClick={() => act(() => call(api.POST('/api/v1/resident/cases/{id}/rate', { ...path, body: { version: c.version, rating: rating!, ...(comment.trim() ? { comment: comment.trim() } : {}) } })))}
        >
          {T.submit}
        </button>
      </section>
    );
  }
  if (!c.rating) return null;
  return (
    <section className="card" data-testid="h5-rated">
      <h3>{T.yourRating}</h3>
      <p>
        <strong>{T.ratings[c.rating]}</strong>
        {c.ratingComment ? ` · ${c.ratingComment}` : ''}
      </p>
      {c.canReopen ? (
        <>
          <p className="muted small">{T.reopenOnce}</p>
          <textarea rows={2} maxLength={500} placeholder={T.reopenReason} value={comment} onChange={(e) => setComment(e.target.value)} />
          {error ? <p className="error">{error}</p> : null}
          <button
            type="button"
            className="button danger block"
            disabled={busy}
            data-testid="h5-reopen"
            onClick={() => act(() => call(api.POST('/api/v1/resident/cases/{id}/reopen', { ...path, body: { version: c.version, ...(comment.trim() ? { reason: comment.trim() } : {}) } })))}
          >
            {T.reopen}
          </button>
        </>
      ) : (
        <p className="muted small">{T.rated}</p>
      )}
    </section>
  );
}

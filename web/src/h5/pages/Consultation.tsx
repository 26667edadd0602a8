import { useState } from 'react';
import { api, call } from '../api';
import { C } from '../consultation-text';
import { useSession } from '../session';
import { T } from '../text';
import { useLoad } from '../useLoad';
import { useSubmit } from '../useSubmit';
import { Login } from './Login';
import { when } from './parts';

function OpinionForm({ id, places, onDone }: { id: number; places: { id: number; name: string }[]; onDone: () => void }) {
  const [placeId, setPlaceId] = useState(places.length === 1 ? String(places[0]!.id) : '');
  const [room, setRoom] = useState('');
  const [stance, setStance] = useState<'support' | 'oppose' | 'suggest'>('support');
  const [content, setContent] = useState('');
  const { error, fields, busy, submit } = useSubmit(
    () => call(api.POST('/api/v1/resident/consultations/{id}/opinions', { params: { path: { id } }, body: { placeId: Number(placeId), room: room.trim() || undefined, stance, content: content.trim() } })),
    onDone,
  );
  return (
    <form className="card" onSubmit={submit} noValidate data-testid="opinion-form">
      <label className="field">
        <span>{C.place} *</span>
        <select value={placeId} onChange={(e) => setPlaceId(e.target.value)} data-testid="opinion-place">
          <option value="">{C.choose}</option>
          {places.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
        {fields.placeId ? <span className="error">{fields.placeId}</span> : null}
      </label>
      <label className="field"><span>{C.room}</span><input value={room} maxLength={20} onChange={(e) => setRoom(e.target.value)} /></label>
      <label className="field">
        <span>{C.stance}</span>
        <select value={stance} onChange={(e) => setStance(e.target.value as typeof stance)} data-testid="opinion-stance">
          {Object.entries(C.stances).map(([v, l]) => <option key={v} value={v}>{l}</option>)}
        </select>
      </label>
      <label className="field">
        <span>{C.content} *</span>
        <textarea rows={4} maxLength={1000} value={content} onChange={(e) => setContent(e.target.value)} data-testid="opinion-content" />
        {fields.content ? <span className="error">{fields.content}</span> : null}
      </label>
      {error ? <p className="error">{error}</p> : null}
      <button type="submit" className="button primary block" disabled={busy || !placeId || !content.trim()} data-testid="opinion-submit">{busy ? T.submitting : C.submit}</button>
    </form>
  );
}

function RatingForm({ id, onDone }: { id: number; onDone: () => void }) {
  const [stars, setStars] = useState(5);
  const [comment, setComment] = useState('');
  const { error, busy, submit } = useSubmit(() => call(api.POST('/api/v1/resident/consultations/{id}/rating', { params: { path: { id } }, body: { stars, comment: comment.trim() || undefined } })), onDone);
  return (
    <form className="card" onSubmit={submit} noValidate data-testid="rating-form">
      <h2>{C.rate}</h2>
      <div className="stars" role="radiogroup">
        {[1, 2, 3, 4, 5].map((n) => (
          <button key={n} type="button" role="radio" aria-checked={stars === n} aria-label={C.stars(n)} className={n <= stars ? 'star on' : 'star'} onClick={() => setStars(n)} data-testid={`rating-star-${n}`}>★</button>
        ))}
      </div>
      <label className="field"><span>{C.comment}</span><textarea rows={3} maxLength={500} value={comment} onChange={(e) => setComment(e.target.value)} data-testid="rating-comment" /></label>
      {error ? <p className="error">{error}</p> : null}
      <button type="submit" className="button primary block" disabled={busy} data-testid="rating-submit">{busy ? T.submitting : C.rateSubmit}</button>
    </form>
  );
}

/** /h5/consultation/:id — the matter, opinion collection for the affected buildings, and once public the result and its rating. */
export function Consultation({ id }: { id: number }) {
  const { phone } = useSession();
  const { data, error, reload } = useLoad(() => call(api.GET('/api/v1/resident/consultations/{id}', { params: { path: { id } } })), `c-${id}-${phone ?? ''}`);
  const [thanks, setThanks] = useState<string | null>(null);
  if (error) return <p className="error card">{error}</p>;
  if (!data) return <p className="muted center">{T.loading}</p>;
  const done = (text: string) => () => {
    setThanks(text);
    reload();
  };
  const needsLogin = phone === null && (data.collecting || data.status === 'concluded');
  return (
    <>
      <article className="card">
        <p className="muted small">{data.communityName} · {data.levelName}</p>
        <h2>{data.title}</h2>
        <p className="prewrap">{data.subject}</p>
        <p className="muted small">{C.places}：{data.places.map((p) => p.name).join('、')}</p>
        <p className="muted small" data-testid="consultation-step">{C.step}：{data.statusName}</p>
        <p className="muted small">{data.collecting ? C.collecting(when(data.collectUntil)) : C.closed}</p>
      </article>
      {data.result ? (
        <article className="card" data-testid="consultation-result">
          <h2>{C.result}</h2>
          <p className="prewrap">{data.result}</p>
          {data.rating.count ? <p className="muted small">{C.rating(data.rating.average ?? 0, data.rating.count)}</p> : null}
        </article>
      ) : null}
      {thanks ? <p className="card notice" data-testid="consultation-thanks">{thanks}</p> : null}
      {needsLogin ? <Login /> : null}
      {phone && data.collecting && !data.mine.opinion ? <OpinionForm id={id} places={data.places} onDone={done(C.opinionDone)} /> : null}
      {phone && data.status === 'concluded' && !data.mine.rated ? <RatingForm id={id} onDone={done(C.rated)} /> : null}
    </>
  );
}

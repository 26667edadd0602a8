import { useState } from 'react';
import { api, call, Problem } from '../api';
import { B } from '../board-text';
import { Link } from '../router';
import { useSession } from '../session';
import { T } from '../text';
import { useLoad } from '../useLoad';
import { Login } from './Login';
import { when } from './parts';

function ObjectionForm({ noticeId, items }: { noticeId: number; items: { id: number; label: string }[] }) {
  const [itemId, setItemId] = useState('');
  const [content, setContent] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  if (done) return <p className="card notice" data-testid="objection-done">{B.objectDone}</p>;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await call(api.POST('/api/v1/resident/notices/{id}/objections', { params: { path: { id: noticeId } }, body: { itemId: itemId ? Number(itemId) : undefined, content: content.trim() } }));
      setDone(true);
    } catch (err) {
      setError(err instanceof Problem ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={submit} noValidate data-testid="objection-form">
      <h3>{B.objectTitle}</h3>
      <p className="muted small">{B.objectHint}</p>
      {items.length > 0 ? (
        <label className="field">
          <span>{B.objectItem} *</span>
          <select value={itemId} onChange={(e) => setItemId(e.target.value)} data-testid="objection-item">
            <option value="">{B.chooseItem}</option>
            {items.map((i) => (
              <option key={i.id} value={i.id}>
                {i.label}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="field">
        <span>{B.objectContent} *</span>
        <textarea rows={4} maxLength={2000} value={content} onChange={(e) => setContent(e.target.value)} data-testid="objection-content" />
      </label>
      {error ? <p className="error">{error}</p> : null}
      <button type="submit" className="button primary block" disabled={busy} data-testid="objection-submit">
        {busy ? T.submitting : B.objectSubmit}
      </button>
    </form>
  );
}

/** One notice; while it takes objections, a signed-in resident may lodge one. */
export function NoticeDetail({ id }: { id: number }) {
  const { phone } = useSession();
  const { data, error } = useLoad(() => call(api.GET('/api/v1/public/notices/{id}', { params: { path: { id } } })), `n-${id}`);
  if (error) return <p className="error card">{error}</p>;
  if (!data) return <p className="muted center">{T.loading}</p>;
  return (
    <>
      <article className="card" data-testid="notice">
        <p className="muted small">
          <Link to={`/h5/board/${data.communityId}`}>{data.communityName}</Link> · {B.kinds[data.kind]}
        </p>
        <h2>{data.title}</h2>
        <p className="muted small">{B.period(when(data.startsAt), data.endsAt ? when(data.endsAt) : null)}</p>
        <p className="prewrap">{data.body}</p>
        {data.residentPage ? (
          <Link to={data.residentPage} className="button primary block" testId="notice-resident-page">
            {B.residentPage[data.kind] ?? B.openPage}
          </Link>
        ) : null}
        {data.objectable && !data.acceptingObjections ? <p className="muted">{B.closed}</p> : null}
      </article>
      {data.acceptingObjections ? phone ? <ObjectionForm noticeId={data.id} items={data.items} /> : phone === null ? <Login /> : null : null}
    </>
  );
}

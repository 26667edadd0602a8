import { useState } from 'react';
import { api, call } from '../api';
import { B } from '../board-text';
import { useSession } from '../session';
import { T } from '../text';
import { useLoad } from '../useLoad';
import { useSubmit } from '../useSubmit';
import { Login } from './Login';

type Draft = { channel: 'self' | 'resident' | 'unit'; recommender: string; name: string; gender: 'female' | 'male'; category: string; affiliation: string; phone: string; idNumber: string; proposedRole: 'standing' | 'rotating' | 'deputy_director'; statement: string };

function NominationForm({ roundId }: { roundId: number }) {
  const [d, setD] = useState<Draft>({ channel: 'self', recommender: '', name: '', gender: 'female', category: 'notable_resident', affiliation: '', phone: '', idNumber: '', proposedRole: 'standing', statement: '' });
  const [done, setDone] = useState(false);
  const opt = (s: string) => s.trim() || undefined;
  const { error, fields, busy, submit } = useSubmit(
    () =>
      call(
        api.POST('/api/v1/resident/rounds/{id}/nominations', {
          params: { path: { id: roundId } },
          body: { channel: d.channel, recommender: d.channel === 'self' ? undefined : opt(d.recommender), name: d.name.trim(), gender: d.gender, category: d.category as 'other', affiliation: opt(d.affiliation), phone: d.phone.trim(), idNumber: opt(d.idNumber)?.toUpperCase(), proposedRole: d.proposedRole, statement: opt(d.statement) },
        }),
      ),
    () => setDone(true),
  );
  if (done) return <p className="card notice" data-testid="nomination-done">{B.done}</p>;
  const change = (k: keyof Draft) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => setD((x) => ({ ...x, [k]: e.target.value }));
  const err = (k: string) => (fields[k] ? <span className="error">{fields[k]}</span> : null);
  const select = (k: keyof Draft, options: Record<string, string>) => (
    <select value={d[k]} onChange={change(k)} data-testid={`nominate-${k}`}>
      {Object.entries(options).map(([v, l]) => (
        <option key={v} value={v}>
          {l}
        </option>
      ))}
    </select>
  );
  return (
    <form className="card" onSubmit={submit} noValidate data-testid="nomination-form">
      <label className="field"><span>{B.channel}</span>{select('channel', B.channels)}</label>
      {d.channel !== 'self' ? (
        <label className="field"><span>{B.recommender} *</span><input value={d.recommender} maxLength={100} onChange={change('recommender')} />{err('recommender')}</label>
      ) : null}
      <label className="field"><span>{B.name} *</span><input value={d.name} maxLength={50} onChange={change('name')} data-testid="nominate-name" />{err('name')}</label>
      <label className="field"><span>{B.gender}</span>{select('gender', B.genders)}</label>
      <label className="field"><span>{B.category}</span>{select('category', B.categories)}</label>
      <label className="field"><span>{B.affiliation}</span><input value={d.affiliation} maxLength={100} onChange={change('affiliation')} /></label>
      <label className="field"><span>{B.phone} *</span><input type="tel" inputMode="numeric" maxLength={11} value={d.phone} onChange={change('phone')} data-testid="nominate-phone" />{err('phone')}</label>
      <label className="field"><span>{B.idNumber}</span><input maxLength={18} value={d.idNumber} onChange={change('idNumber')} data-testid="nominate-id" />{err('idNumber')}</label>
      <label className="field"><span>{B.role}</span>{select('proposedRole', { standing: '委员', rotating: '轮值委员', deputy_director: '副主任' })}</label>
      <label className="field"><span>{B.statement}</span><textarea rows={3} maxLength={2000} value={d.statement} onChange={change('statement')} /></label>
      {error ? <p className="error">{error}</p> : null}
      <button type="submit" className="button primary block" disabled={busy} data-testid="nominate-submit">{busy ? T.submitting : B.submit}</button>
    </form>
  );
}

/** 征集意愿 on the phone: the announcement, and (signed in by phone code) the nomination form. */
export function Nominate({ roundId }: { roundId: number }) {
  const { phone } = useSession();
  const { data, error } = useLoad(() => call(api.GET('/api/v1/public/rounds/{id}', { params: { path: { id: roundId } } })), `r-${roundId}`);
  if (error) return <p className="error card">{error}</p>;
  if (!data) return <p className="muted center">{T.loading}</p>;
  return (
    <>
      <article className="card">
        <p className="muted small">{data.communityName}</p>
        <h2>{data.title}</h2>
        <p className="prewrap">{data.body}</p>
        <p className="muted small">{data.collecting ? B.collecting(data.collectFrom, data.collectUntil) : B.notCollecting}</p>
      </article>
      {data.collecting ? phone ? <NominationForm roundId={roundId} /> : phone === null ? <Login /> : null : null}
    </>
  );
}

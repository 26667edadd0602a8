import { useEffect, useState } from 'react';
import { api, call, type Membership, type Place } from '../api';
import { P } from '../member-text';
import { T } from '../text';
import { useLoad } from '../useLoad';
import { useSubmit } from '../useSubmit';
import { when } from './parts';

function Registration({ m }: { m: Membership }) {
  return (
    <article className="card" data-testid="h5-membership">
      <p className="muted small">{m.communityName} · {when(m.createdAt)}</p>
      <h2>
        {m.name} <span className={`status ${m.status === 'confirmed' ? 'done' : m.status === 'pending' ? 'waiting' : 'stopped'}`} data-testid="h5-membership-status">{P.status[m.status] ?? m.status}</span>
      </h2>
      <p>{m.residence}</p>
      <p className="muted">{m.employerName} · {m.partyBranch}</p>
    </article>
  );
}

function Form({ communityId, onDone }: { communityId: number; onDone: (m: Membership) => void }) {
  const [places, setPlaces] = useState<Place[]>([]);
  const [d, setD] = useState({ name: '', residenceBuildingId: '', employerName: '', partyBranch: '' });
  const { error, fields, busy, submit } = useSubmit(async () => {
    const body = { communityId, residenceBuildingId: Number(d.residenceBuildingId), name: d.name.trim(), employerName: d.employerName.trim(), partyBranch: d.partyBranch.trim() };
    onDone(await call(api.POST('/api/v1/resident/party-members', { body })));
  });
  useEffect(() => {
    call(api.GET('/api/v1/resident/communities/{id}/places', { params: { path: { id: communityId } } })).then((all) => setPlaces(all.filter((p) => p.level === 'building')), () => setPlaces([]));
  }, [communityId]);
  const change = (k: keyof typeof d) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setD((x) => ({ ...x, [k]: e.target.value }));
  const err = (k: string) => (fields[k] ? <span className="error">{fields[k]}</span> : null);
  return (
    <form className="card" onSubmit={submit} noValidate data-testid="h5-member-form">
      <p className="muted">{P.intro}</p>
      <label className="field"><span>{P.name} *</span><input value={d.name} maxLength={50} onChange={change('name')} data-testid="h5-member-name" />{err('name')}</label>
      <label className="field">
        <span>{P.building} *</span>
        <select value={d.residenceBuildingId} onChange={change('residenceBuildingId')} data-testid="h5-member-building">
          <option value="">{P.chooseBuilding}</option>
          {places.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
        {err('residenceBuildingId')}
      </label>
      <label className="field"><span>{P.employer} *</span><input value={d.employerName} maxLength={100} onChange={change('employerName')} data-testid="h5-member-employer" />{err('employerName')}</label>
      <label className="field"><span>{P.branch} *</span><input value={d.partyBranch} maxLength={100} onChange={change('partyBranch')} data-testid="h5-member-branch" />{err('partyBranch')}</label>
      {error ? <p className="error" data-testid="h5-member-error">{error}</p> : null}
      <button type="submit" className="button primary block" disabled={busy} data-testid="h5-member-submit">{busy ? T.submitting : P.submit}</button>
    </form>
  );
}

/** 在职党员双报到 from the community's QR page: the form, or where the member's registration here stands. */
export function PartyMember({ communityId }: { communityId: number }) {
  const { data, error } = useLoad(() => call(api.GET('/api/v1/resident/party-members')), `pm-${communityId}`);
  const [made, setMade] = useState<Membership | null>(null);
  if (error) return <p className="error card">{error}</p>;
  if (!data) return <p className="muted center">{T.loading}</p>;
  const here = made ?? data.find((m) => m.communityId === communityId && (m.status === 'pending' || m.status === 'confirmed'));
  const others = data.filter((m) => m.id !== here?.id);
  return (
    <>
      {here ? <Registration m={here} /> : <Form communityId={communityId} onDone={setMade} />}
      {others.length > 0 ? <h3 className="muted small">{P.mine}</h3> : null}
      {others.map((m) => <Registration key={m.id} m={m} />)}
    </>
  );
}

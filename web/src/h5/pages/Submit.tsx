import { useEffect, useRef, useState } from 'react';
import { api, call, newIdempotencyKey, Problem, uploadPhoto, type Attachment, type Category, type Place } from '../api';
import { downscale } from '../photos';
import { navigate } from '../router';
import { T } from '../text';

const MAX_PHOTOS = 6;

interface Draft {
  categoryCode: string;
  description: string;
  territoryId: string;
  address: string;
  reporterName: string;
}

/** The report form: category, description, up to six photos, the building and an optional map point. */
export function Submit({ communityId, place }: { communityId: number; place: number | null }) {
  const [categories, setCategories] = useState<Category[]>([]);
  const [places, setPlaces] = useState<Place[]>([]);
  const [draft, setDraft] = useState<Draft>({ categoryCode: '', description: '', territoryId: place ? String(place) : '', address: '', reporterName: '' });
  const [photos, setPhotos] = useState<Attachment[]>([]);
  const [uploading, setUploading] = useState(0);
  const [location, setLocation] = useState<{ lat: number; lng: number } | null>(null);
  const [locating, setLocating] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One key per draft: a retry after a dropped connection finds the case already made.
  const key = useRef(newIdempotencyKey());
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    call(api.GET('/api/v1/resident/categories')).then(setCategories, (e: Error) => setError(e.message));
    call(api.GET('/api/v1/resident/communities/{id}/places', { params: { path: { id: communityId } } })).then(setPlaces, () => setPlaces([]));
  }, [communityId]);

  const change = (name: keyof Draft) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => {
    setDraft((d) => ({ ...d, [name]: e.target.value }));
    setFields((f) => ({ ...f, [name]: '' }));
  };

  const addPhotos = async (files: FileList | null) => {
    if (!files) return;
    const chosen = Array.from(files).slice(0, MAX_PHOTOS - photos.length);
    setUploading((n) => n + chosen.length);
    for (const file of chosen) {
      try {
        const { blob, name } = await downscale(file);
        const uploaded = await uploadPhoto(blob, name);
        setPhotos((p) => [...p, uploaded]);
        setFields((f) => ({ ...f, file: '', attachmentIds: '' }));
      } catch (e) {
        setFields((f) => ({ ...f, file: `${file.name}：${(e as Error).message}` }));
      } finally {
        setUploading((n) => n - 1);
      }
    }
  };

  const locate = () => {
    if (!navigator.geolocation) return setFields((f) => ({ ...f, location: T.locationFailed }));
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        setLocation({ lat: Math.round(pos.coords.latitude * 1e6) / 1e6, lng: Math.round(pos.coords.longitude * 1e6) / 1e6 });
      },
      () => {
        setLocating(false);
        setFields((f) => ({ ...f, location: T.locationFailed }));
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const missing: Record<string, string> = {};
    if (!draft.categoryCode) missing.categoryCode = T.required;
    if (!draft.description.trim()) missing.description = T.required;
    setFields(missing);
    setError(null);
    if (Object.keys(missing).length > 0) return;
    setBusy(true);
    try {
      const created = await call(
        api.POST('/api/v1/resident/cases', {
          body: {
            communityId,
            categoryCode: draft.categoryCode,
            description: draft.description.trim(),
            ...(draft.territoryId ? { territoryId: Number(draft.territoryId) } : {}),
            ...(draft.address.trim() ? { address: draft.address.trim() } : {}),
            ...(draft.reporterName.trim() ? { reporterName: draft.reporterName.trim() } : {}),
            ...(location ? { location } : {}),
            ...(photos.length ? { attachmentIds: photos.map((p) => p.id) } : {}),
            idempotencyKey: key.current,
          },
        }),
      );
      navigate(`/h5/done/${created.id}`, true);
    } catch (err) {
      if (err instanceof Problem) {
        setFields(err.fields);
        setError(err.message);
      } else setError(String(err));
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (name: string) => (fields[name] ? <span className="error">{fields[name]}</span> : null);

  return (
    <form className="card" onSubmit={submit} noValidate data-testid="h5-submit-form">
      <label className="field">
        <span>{T.category} *</span>
        <select value={draft.categoryCode} onChange={change('categoryCode')} data-testid="h5-category">
          <option value="">{T.chooseCategory}</option>
          {categories.map((c) => (
            <option key={c.code} value={c.code}>
              {c.label}
            </option>
          ))}
        </select>
        {fieldError('categoryCode')}
      </label>
      <label className="field">
        <span>{T.description} *</span>
        <textarea rows={5} maxLength={2000} placeholder={T.descriptionPlaceholder} value={draft.description} onChange={change('description')} data-testid="h5-description" />
        {fieldError('description')}
      </label>
      <div className="field">
        <span>{T.photos}</span>
        <div className="photos">
          {photos.map((p) => (
            <figure key={p.id} className="photo">
              <img src={p.thumbnailUrl} alt={p.name} />
              <button type="button" className="remove" aria-label={T.removePhoto} onClick={() => setPhotos((list) => list.filter((x) => x.id !== p.id))}>
                ×
              </button>
            </figure>
          ))}
          {photos.length + uploading < MAX_PHOTOS ? (
            <button type="button" className="photo add" onClick={() => fileInput.current?.click()} disabled={uploading > 0}>
              {uploading > 0 ? T.uploading : `+ ${T.addPhoto}`}
            </button>
          ) : null}
        </div>
        <input
          ref={fileInput}
          type="file"
          accept="image/jpeg,image/png,image/webp"
          multiple
          hidden
          data-testid="h5-photo-input"
          onChange={(e) => {
            void addPhotos(e.target.files);
            e.target.value = '';
          }}
        />
        {fieldError('file')}
        {fieldError('attachmentIds')}
      </div>
      <label className="field">
        <span>{T.place}</span>
        <select value={draft.territoryId} onChange={change('territoryId')} data-testid="h5-place">
          <option value="">{T.choosePlace}</option>
          {places.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
        {fieldError('territoryId')}
      </label>
      <label className="field">
        <span>{T.address}</span>
        <input type="text" maxLength={200} placeholder={T.addressPlaceholder} value={draft.address} onChange={change('address')} />
      </label>
      <div className="field">
        <span>{T.location}</span>
        {location ? (
          <div className="row">
            <span className="muted" data-testid="h5-location">
              {location.lat.toFixed(5)}, {location.lng.toFixed(5)}
            </span>
            <button type="button" className="button link" onClick={() => setLocation(null)}>
              {T.clearLocation}
            </button>
          </div>
        ) : (
          <button type="button" className="button secondary" onClick={locate} disabled={locating}>
            {locating ? T.locating : T.addLocation}
          </button>
        )}
        {fieldError('location')}
      </div>
      <label className="field">
        <span>{T.name}</span>
        <input type="text" maxLength={50} value={draft.reporterName} onChange={change('reporterName')} />
      </label>
      {error ? <p className="error" role="alert">{error}</p> : null}
      <button type="submit" className="button primary block" disabled={busy || uploading > 0} data-testid="h5-submit">
        {busy ? T.submitting : T.submit}
      </button>
    </form>
  );
}

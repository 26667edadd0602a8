/**
 * Request values built from the OpenAPI document, for tests that sweep every route
 * (every-route.test.ts, scope-by-id.test.ts): a route added later is covered without a
 * line of its own.
 */
export type OpenApiDoc = { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, any> } };

export function samples(doc: OpenApiDoc) {
  const resolve = (s: any): any => (s && s.$ref ? resolve(doc.components.schemas[String(s.$ref).split('/').pop()!]) : s);
  const typeOf = (s: any): string | undefined => (Array.isArray(s.type) ? s.type.find((x: string) => x !== 'null') : s.type);
  /** The schema a value must match, past a reference and the null of a nullable `anyOf`. */
  const concrete = (schema: any): any => {
    const s = resolve(schema) ?? {};
    return s.anyOf ? concrete(s.anyOf.find((x: any) => typeOf(resolve(x)) !== 'null') ?? s.anyOf[0]) : s;
  };

  /** A value the schema accepts, as far as a schema can say (references to rows may not exist). */
  function sample(schema: any, depth = 0): unknown {
    const s = concrete(schema);
    if (depth > 6) return null;
    if (s.const !== undefined) return s.const;
    if (s.enum) return s.enum[0];
    const type = typeOf(s);
    if (type === 'object' || s.properties) return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sample(v, depth + 1)]));
    if (type === 'array') return s.minItems ? [sample(s.items, depth + 1)] : [];
    if (type === 'integer' || type === 'number') return Math.max(s.minimum ?? 1, 1);
    if (type === 'boolean') return true;
    if (type === 'string') {
      if (s.format === 'date-time') return new Date(Date.now() - 3_600_000).toISOString();
      if (s.format === 'date' || s.pattern?.includes('\\d{2}-')) return '2026-12-01';
      if (s.pattern?.startsWith('^1[3-9]')) return '13812345678';
      return '测试内容'.padEnd(Math.max(s.minLength ?? 1, 4), '字');
    }
    return null;
  }

  /** The JSON body schema of an operation; undefined for none, null for an upload (which reads its own stream). */
  const jsonBody = (op: any): any => (op.requestBody ? (op.requestBody.content?.['application/json']?.schema ?? null) : undefined);

  /** The query string of the operation's required parameters, sampled. */
  const requiredQuery = (op: any) => query(Object.fromEntries((op.parameters ?? []).filter((p: any) => p.in === 'query' && p.required).map((p: any) => [p.name, sample(p.schema)])));

  /** `security: []` marks what anyone may call: signing in, the community board, Open311 (its own api_key). */
  const isPublic = (op: any) => Array.isArray(op.security) && op.security.length === 0;

  return { resolve, typeOf, concrete, sample, jsonBody, requiredQuery, isPublic };
}

export function query(values: Record<string, unknown>) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) q.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  const text = q.toString();
  return text ? `?${text}` : '';
}

/**
 * A path with an id, split where the record is: `/api/v1/cases/{id}/timeline` is read from
 * the list `/api/v1/cases` at `/api/v1/cases/145/timeline` (a further `{kind}` is `thumb`).
 */
export function recordPath(path: string): { list: string; at(id: number): string } | null {
  const m = /^(.*?)\/\{\w+\}(.*)$/.exec(path);
  if (!m) return null;
  const [, list, rest] = m as unknown as [string, string, string];
  return { list, at: (id) => `${list}/${id}${rest.replace(/\{\w+\}/g, 'thumb')}` };
}

/** The ids of the rows a list answered with (a page's `data`, or a plain array). */
export function idsIn(body: unknown): number[] {
  const rows: unknown[] = Array.isArray(body) ? body : Array.isArray((body as { data?: unknown })?.data) ? (body as { data: unknown[] }).data : [];
  return rows.map((row) => (row as { id?: unknown })?.id).filter((id): id is number => typeof id === 'number');
}

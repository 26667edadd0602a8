/**
 * Request values built from the OpenAPI document, for tests that sweep every route
 * (every-route.test.ts, scope-by-id.test.ts): a route added later is covered without a
 * line of its own.
 */
export type OpenApiDoc = { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, any> } };

export function samples(doc: OpenApiDoc) {
  const resolve = (s: any): any => (s && s.$ref ? resolve(doc.components.schemas[String(s.$ref).split('/').pop()!]) : s);
  const typeOf = (s: any): string | undefined => (Array.isArray(s.type) ? s.type.find((x: string) => x !== 'null') : s.type);

  /** A value the schema accepts, as far as a schema can say (references to rows may not exist). */
  function sample(schema: any, depth = 0): unknown {
    const s = resolve(schema) ?? {};
    if (depth > 6) return null;
    if (s.anyOf) return sample(s.anyOf.find((x: any) => typeOf(resolve(x)) !== 'null') ?? s.anyOf[0], depth + 1);
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

  return { resolve, typeOf, sample, jsonBody, requiredQuery, isPublic };
}

export function query(values: Record<string, unknown>) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) q.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  const text = q.toString();
  return text ? `?${text}` : '';
}

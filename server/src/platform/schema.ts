import { Type, type Static, type TObject, type TProperties, type TSchema, type TUnsafe } from 'typebox';

/**
 * Request and response schemas. Objects are closed (unknown fields are a 400,
 * not silently dropped), ids are positive integers, lists are paged the same
 * way everywhere so ProTable can drive any of them.
 */
export const Obj = <P extends TProperties>(properties: P, options: { description?: string; title?: string } = {}) =>
  Type.Object(properties, { additionalProperties: false, ...options });

/** Ids stay below 2^53: a larger integer would overflow bigint in SQL and come back a 500. */
export const MAX_ID = 9_007_199_254_740_991;
export const Id = Type.Integer({ minimum: 1, maximum: MAX_ID });
/**
 * A value or null. Written as a type list (`["string", "null"]`), not `anyOf`, wherever the
 * schema has one type: the response serialiser (fast-json-stringify) decides an `anyOf` by
 * running the validator on each value, which for a page of dates was a tenth of a list's CPU;
 * a type list is a `typeof` check. Both mean the same in JSON Schema and OpenAPI 3.1.
 */
export function Nullable<T extends TSchema>(t: T): TUnsafe<Static<T> | null> {
  const { type, enum: values } = t as { type?: unknown; enum?: unknown[] };
  if (typeof type !== 'string') return Type.Unsafe<Static<T> | null>(Type.Union([t, Type.Null()]));
  return Type.Unsafe<Static<T> | null>({ ...t, type: [type, 'null'], ...(values ? { enum: [...values, null] } : {}) });
}
/** A closed set of string codes (states, channels, ratings …), typed as their union. */
export const Enum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
/** Mainland mobile numbers: what residents and staff give as their phone. */
export const PHONE_PATTERN = '^1[3-9][0-9]{9}$';
export const Phone = Type.String({ pattern: PHONE_PATTERN, description: 'Mainland mobile number (11 digits)' });
export const IdParams = Obj({ id: Id });
/** A pattern every required text has: at least one character that is not white space. */
export const NOT_BLANK = '\\S';
/**
 * Text a person writes, at most `max` characters. Required text (min ≥ 1) must hold more
 * than white space: a blank name, reason or memo tells the next reader nothing, and the
 * tables' `length(btrim(…)) > 0` checks refused one as a 500.
 */
export const Text = (max: number, { min = 1, description }: { min?: number; description?: string } = {}) =>
  Type.String({ minLength: min, maxLength: max, ...(min > 0 ? { pattern: NOT_BLANK } : {}), ...(description ? { description } : {}) });
/** Years a calendar day or a date filter may name; year 1 began a period at a Beijing midnight that is year 0 in UTC, which PostgreSQL refuses. */
export const YEAR_PATTERN = '^(19|2\\d)\\d{2}-';
/** A calendar day, 'YYYY-MM-DD', that exists and falls in 1900–2999. */
export const CalendarDay = Type.String({ format: 'date', pattern: YEAR_PATTERN, description: 'YYYY-MM-DD (1900–2999)' });
/** An instant, ISO 8601 with its offset, in 1900–2999 (a meeting or a visit in year 1 or 9999 is a typo). */
export const DateTime = Type.String({ format: 'date-time', pattern: YEAR_PATTERN });
/** Versions are int4 columns: a larger number is a 400, not an out-of-range 500. */
export const Version = Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'The version you read; a stale one gets 409.' });

export const PageQuery = {
  current: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};

export const Page = <T extends TSchema>(item: T) =>
  Obj({ data: Type.Array(item), total: Type.Integer({ minimum: 0 }), current: Type.Integer(), pageSize: Type.Integer() });

export const Problem = Obj(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable machine-readable reason' }),
    errors: Type.Optional(Type.Array(Obj({ field: Type.String(), message: Type.String() }))),
  },
  { title: 'Problem', description: 'application/problem+json (RFC 9457)' },
);

export const Ok = Obj({ ok: Type.Literal(true) });

/** A file download (Excel export, template); the body is raw bytes. */
export const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });

/** Adds the problem responses every authenticated route can give. */
export function responses<R extends Record<number, TSchema>>(ok: R) {
  return { ...ok, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 413: Problem, 415: Problem, 429: Problem, 500: Problem };
}

export type { TObject };

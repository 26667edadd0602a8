/**
 * Shorthands over the generated `paths` type: a request body, query or 200
 * response of one operation. Nothing here restates a schema; it only looks
 * types up in schema.d.ts.
 */
import type { paths } from './schema';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Op<P extends keyof paths, M extends Method> = M extends keyof paths[P] ? NonNullable<paths[P][M]> : never;

/** The success body: 200, or 201 for creations. */
export type ResponseOf<P extends keyof paths, M extends Method = 'get'> =
  Op<P, M> extends { responses: { 200: { content: { 'application/json': infer R } } } }
    ? R
    : Op<P, M> extends { responses: { 201: { content: { 'application/json': infer R } } } }
      ? R
      : never;

export type BodyOf<P extends keyof paths, M extends Method = 'post'> =
  Op<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

export type QueryOf<P extends keyof paths, M extends Method = 'get'> =
  Op<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** One row of a paged list response `{ data, total, current, pageSize }`. */
export type RowOf<P extends keyof paths> = ResponseOf<P> extends { data: (infer R)[] } ? R : never;

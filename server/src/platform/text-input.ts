import type { FastifyInstance } from 'fastify';
import { fieldError } from './errors.js';

/**
 * Parsed JSON and query strings, not a Buffer or a stream. Fastify's query object is made
 * by a constructor whose prototype has no prototype, so that counts as plain too.
 */
const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
};

/** The first string in a parsed value that holds U+0000, as its field path (`body.items.2.text`). */
export function nulField(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulField(value[i], `${path}.${i}`);
      if (found) return found;
    }
    return undefined;
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const found = nulField(key, `${path}.${key}`) ?? nulField(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * PostgreSQL text cannot hold the NUL character: a description, a keyword or a path
 * segment carrying one (`%00`) failed deep in a statement as a 500. No person types it,
 * so it is refused before validation, naming the field, on every route.
 */
export function rejectNulCharacters(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const field = nulField(request.params, 'params') ?? nulField(request.query, 'query') ?? nulField(request.body, 'body');
    if (field) throw fieldError(field, 'field.nul');
  });
}

/**
 * Required text, trimmed. The schema's not-blank pattern (`Text` in schema.ts) already
 * refuses blank text on the routes; this keeps the rule for callers inside the server.
 */
export function trimmedText(field: string, value: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw fieldError(field, 'field.blank');
  return trimmed;
}

import type { FastifyServerOptions } from 'fastify';

/**
 * What a database error carries beside its message: PGlite attaches the statement's
 * parameters (`params`), and PostgreSQL's `detail` and `where` quote row values
 * (`Key (phone)=(13812345678) already exists`). Any of them can be a resident's phone or
 * ID number, so a logged error keeps its code, constraint and statement text only.
 */
const UNLOGGED_ERROR_FIELDS = new Set(['params', 'parameters', 'detail', 'where']);

export function errorForLog(error: Error): { type: string; message: string; stack: string; [key: string]: unknown } {
  const out: { type: string; message: string; stack: string; [key: string]: unknown } = { type: error.constructor.name, message: error.message, stack: error.stack ?? '' };
  for (const [key, value] of Object.entries(error)) {
    if (!UNLOGGED_ERROR_FIELDS.has(key) && value !== undefined) out[key] = value;
  }
  if (error.cause !== undefined) out.cause = error.cause instanceof Error ? errorForLog(error.cause) : error.cause;
  return out;
}

/**
 * Structured JSON logs. Requests are logged by method and path only: query
 * strings, bodies, cookies and headers can carry personal data and never reach
 * the log.
 */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: ['req.headers', 'res.headers', '*.password', '*.phone', '*.idNumber'], remove: true },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: errorForLog,
    },
  };
}

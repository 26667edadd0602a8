import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { localeOf, t, type Locale } from './i18n.js';
import { NOT_BLANK, YEAR_PATTERN } from './schema.js';

/** A field that failed, in the request's own terms: `body.parentId`, `query.page`. */
export interface FieldProblem {
  field: string;
  /** Message key (see i18n.ts) and its parameters; rendered in the caller's language. */
  key: string;
  params?: Record<string, string | number>;
}

/**
 * Every expected failure is thrown as an AppError and rendered as
 * application/problem+json (RFC 9457) with a sentence for a person and,
 * where a field is to blame, which one.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly key: string,
    readonly params: Record<string, string | number> = {},
    readonly fields: FieldProblem[] = [],
  ) {
    super(key);
  }
}

export const badRequest = (key: string, params?: Record<string, string | number>) => new AppError(400, key, params);
/** One field is wrong for a reason the schema cannot see (a rule, a reference). */
export const fieldError = (field: string, key: string, params?: Record<string, string | number>) =>
  new AppError(400, 'validation_failed', {}, [{ field, key, params }]);
export const notFound = () => new AppError(404, 'not_found');
export const forbidden = () => new AppError(403, 'forbidden');
export const conflict = (key = 'version_conflict', params?: Record<string, string | number>) => new AppError(409, key, params);

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { field: string; message: string }[];
}

export function problemBody(locale: Locale, error: AppError): ProblemBody {
  const body: ProblemBody = {
    type: 'about:blank',
    title: t(locale, error.key, error.params),
    status: error.status,
    detail: t(locale, error.key, error.params),
    code: error.key,
  };
  if (error.fields.length > 0) {
    body.errors = error.fields.map((f) => ({ field: f.field, message: t(locale, f.key, f.params) }));
    body.detail = body.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  }
  return body;
}

interface AjvIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

/** What a person should type for a JSON Schema format: "应为 date" tells a resident nothing. */
const FORMAT_EXAMPLES: Record<string, string> = {
  date: 'YYYY-MM-DD',
  'date-time': 'YYYY-MM-DDTHH:mm:ss+08:00',
  email: 'name@example.com',
};

/** The JSON types with a message of their own ('field.type.integer' 应为整数), not "类型应为 integer". */
const JSON_TYPES = new Set(['integer', 'number', 'string', 'boolean', 'array', 'object']);

/** Turns the validator's report into fields a person can find in the form. */
function fromValidation(context: string, issues: AjvIssue[]): FieldProblem[] {
  const prefix = context === 'querystring' ? 'query' : context;
  const problems = issues.map((issue): FieldProblem => {
    const base = [prefix, ...issue.instancePath.split('/').filter(Boolean)].join('.');
    const p = issue.params;
    switch (issue.keyword) {
      case 'required':
        return { field: `${base}.${String(p.missingProperty)}`, key: 'field.required' };
      case 'additionalProperties':
        return { field: `${base}.${String(p.additionalProperty)}`, key: 'field.unknown' };
      case 'type': {
        // A nullable field's type list names null too, which the message need not.
        const types = (Array.isArray(p.type) ? p.type : [p.type]).map(String).filter((type) => type !== 'null');
        if (types.length === 1 && JSON_TYPES.has(types[0]!)) return { field: base, key: `field.type.${types[0]}` };
        return { field: base, key: 'field.type', params: { type: types.join(', ') } };
      }
      case 'minLength':
        return { field: base, key: 'field.min_length', params: { limit: Number(p.limit) } };
      case 'maxLength':
        return { field: base, key: 'field.max_length', params: { limit: Number(p.limit) } };
      case 'minimum':
        return { field: base, key: 'field.minimum', params: { limit: Number(p.limit) } };
      case 'minItems':
        return { field: base, key: 'field.min_items', params: { limit: Number(p.limit) } };
      case 'maxItems':
        return { field: base, key: 'field.max_items', params: { limit: Number(p.limit) } };
      case 'maximum':
        return { field: base, key: 'field.maximum', params: { limit: Number(p.limit) } };
      case 'pattern':
        if (p.pattern === NOT_BLANK) return { field: base, key: 'field.blank' };
        if (p.pattern === YEAR_PATTERN) return { field: base, key: 'field.year_range' };
        return { field: base, key: 'field.pattern' };
      case 'format':
        return { field: base, key: 'field.format', params: { format: FORMAT_EXAMPLES[String(p.format)] ?? String(p.format) } };
      case 'enum':
      case 'const':
      case 'anyOf':
        return { field: base, key: 'field.enum' };
      default:
        return { field: base, key: 'field.invalid' };
    }
  });
  // An empty required text fails its length and its not-blank pattern; one sentence per field is enough.
  return problems.filter((problem, i) => problems.findIndex((other) => other.field === problem.field) === i);
}

export function toAppError(error: FastifyError & { validation?: AjvIssue[]; validationContext?: string }): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error.validation) return new AppError(400, 'validation_failed', {}, fromValidation(error.validationContext ?? 'body', error.validation));
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError(400, 'malformed_json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError(413, 'body_too_large', { limit: '1 MB' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError(415, 'unsupported_media_type');
  }
  if (error instanceof SyntaxError && error.statusCode === 400) return new AppError(400, 'malformed_json');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return new AppError(error.statusCode, 'bad_request');
  return undefined;
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  return reply
    .code(error.status)
    .type('application/problem+json; charset=utf-8')
    .send(problemBody(localeOf(request.headers['accept-language']), error));
}

/** '/assets/app-A1.js': a missing file is a 404, not the index page a browser would try to run as a script. */
const isFilePath = (url: string) => /\.[A-Za-z0-9]+$/.test(url.split('?')[0]!);

/**
 * One not-found handler for the whole server (Fastify allows only one per prefix).
 * When the console is served, `spa` answers browser navigations to client-side
 * routes with its index page; API paths always get a problem document.
 */
export function registerErrorHandling(app: FastifyInstance, spa?: (reply: FastifyReply) => FastifyReply) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = toAppError(error);
    if (known) return sendProblem(request, reply, known);
    // Logged without the request body: it may hold personal data.
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, new AppError(500, 'internal_error'));
  });
  app.setNotFoundHandler((request, reply) => {
    if (spa && request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/open311/') && !isFilePath(request.url)) {
      return spa(reply);
    }
    return sendProblem(request, reply, new AppError(404, 'route_not_found'));
  });
}

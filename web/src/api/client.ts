/**
 * The typed API client. Every type comes from schema.d.ts, which
 * web/scripts/gen-api.mjs generates from the server's OpenAPI document —
 * never write request or response types by hand; regenerate instead.
 */
import type { FormInstance } from 'antd';
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

export type { paths };

/** A field the server rejected, e.g. `body.name`, with a sentence in the UI language. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** An application/problem+json response, thrown by every client call that fails. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** The server's sentence, already in the UI language: show it as-is. */
    readonly detail: string,
    readonly errors: FieldProblem[] = [],
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
let language: 'zh-CN' | 'en-US' = 'zh-CN';
let unauthorizedHandler: ((code: string) => void) | null = null;
let passwordChangeHandler: (() => void) | null = null;

/** Kept in memory only: it comes back from POST /auth/login and GET /me. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

export function setApiLanguage(value: 'zh-CN' | 'en-US') {
  language = value;
}

/** Called when the session is gone (401, with its code: session_expired or not_authenticated); the app clears its user and goes to /login. */
export function onUnauthorized(handler: ((code: string) => void) | null) {
  unauthorizedHandler = handler;
}

/** Called when the server refuses work until the initial password is changed. */
export function onPasswordChangeRequired(handler: (() => void) | null) {
  passwordChangeHandler = handler;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** A 401 from the login form is a wrong password, not a lost session. */
const LOGIN = '/api/v1/auth/login';

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.clone().json();
  } catch {
    /* not JSON: a proxy page or an empty body */
  }
  if (body && typeof body === 'object') {
    const problem = body as { code?: unknown; detail?: unknown; title?: unknown; errors?: unknown };
    const errors = Array.isArray(problem.errors)
      ? problem.errors
          .filter((e): e is FieldProblem => !!e && typeof e === 'object' && typeof e.field === 'string' && typeof e.message === 'string')
          .map((e) => ({ field: e.field, message: e.message }))
      : [];
    const detail = typeof problem.detail === 'string' ? problem.detail : typeof problem.title === 'string' ? problem.title : response.statusText;
    return new ApiError(response.status, typeof problem.code === 'string' ? problem.code : 'http_error', detail, errors);
  }
  const fallback = language === 'en-US' ? `Request failed (HTTP ${response.status})` : `请求失败（HTTP ${response.status}）`;
  return new ApiError(response.status, 'http_error', fallback);
}

const middleware: Middleware = {
  onRequest({ request }) {
    request.headers.set('Accept-Language', language === 'en-US' ? 'en-US,en;q=0.9' : 'zh-CN,zh;q=0.9');
    if (WRITES.has(request.method) && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
  async onResponse({ request, response }) {
    if (response.ok) return response;
    const error = await toApiError(response);
    const path = new URL(request.url).pathname;
    if (response.status === 401 && path !== LOGIN) {
      csrfToken = null;
      if (unauthorizedHandler) unauthorizedHandler(error.code);
      else if (window.location.pathname !== '/login') window.location.assign('/login');
    }
    if (response.status === 403 && error.code === 'password_change_required') passwordChangeHandler?.();
    throw error;
  },
  onError({ error }) {
    const text = language === 'en-US' ? 'Cannot reach the server; check the network and retry' : '无法连接服务器，请检查网络后重试';
    return new ApiError(0, 'network_error', error instanceof Error && error.name === 'AbortError' ? error.message : text);
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(middleware);

/**
 * Awaits a client call and returns its data. Failures never get here: the
 * middleware throws an ApiError for every non-2xx response.
 */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data } = await request;
  return data as T;
}

/** Saves a binary response (Excel export, template) under the server's file name. */
export async function download(request: Promise<{ data?: unknown; response: Response }>, fallbackName: string): Promise<void> {
  const { data, response } = await request;
  const blob = data instanceof Blob ? data : await response.blob();
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const name = star ? decodeURIComponent(star[1]!) : plain ? plain[1]! : fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Puts the server's field errors on a form: `body.homeTerritoryId` marks the
 * form field `homeTerritoryId`. Returns the problems no field matched, which
 * the caller shows as a message. `rename` maps server names to form names.
 */
export function applyFieldErrors(form: FormInstance | undefined | null, error: unknown, rename: Record<string, string> = {}): FieldProblem[] {
  if (!(error instanceof ApiError)) return [];
  if (!form) return error.errors;
  // The name path of every registered field, the items of a Form.List included.
  const registered = new Set<string>();
  form.getFieldsValue(true, (meta) => {
    if (meta?.name) registered.add(meta.name.join('.'));
    return false;
  });
  const fields: { name: (string | number)[]; errors: string[] }[] = [];
  const rest: FieldProblem[] = [];
  for (const problem of error.errors) {
    const bare = problem.field.replace(/^(body|query|params)\./, '');
    const name = rename[bare] ? [rename[bare]] : fieldFor(registered, bare);
    if (name) {
      const existing = fields.find((f) => f.name.join('.') === name.join('.'));
      if (existing) existing.errors.push(problem.message);
      else fields.push({ name, errors: [problem.message] });
    } else {
      rest.push(problem);
    }
  }
  if (fields.length > 0) form.setFields(fields);
  return rest;
}

/**
 * The nearest registered field of a problem's path: `project.lines.1.name` lands on the
 * second budget line's name input, `location.lat` on a location picker bound to `location`.
 */
function fieldFor(registered: Set<string>, path: string): (string | number)[] | null {
  const segments = path.split('.');
  for (let n = segments.length; n > 0; n--) {
    if (registered.has(segments.slice(0, n).join('.'))) return segments.slice(0, n).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  }
  return null;
}

/** The words to show for any failure: the server's own sentence for API errors. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * The resident pages' API client: openapi-fetch typed by the generated
 * schema.d.ts, without the console's Ant Design helpers so the H5 bundle stays
 * small. Every failure becomes a Problem carrying the server's sentence.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from '../api/schema';

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    /** Field → the server's sentence, e.g. `description` → 请填写问题描述. */
    readonly fields: Record<string, string> = {},
  ) {
    super(detail);
  }
}

let csrfToken: string | null = null;
export function setCsrf(token: string | null) {
  csrfToken = token;
}

async function toProblem(response: Response): Promise<Problem> {
  try {
    const body = (await response.clone().json()) as { code?: string; detail?: string; title?: string; errors?: { field: string; message: string }[] };
    const fields = Object.fromEntries((body.errors ?? []).map((e) => [e.field.replace(/^(body|query|params)\./, ''), e.message]));
    const message = body.errors?.length ? body.errors.map((e) => e.message).join('；') : (body.detail ?? body.title ?? `HTTP ${response.status}`);
    return new Problem(response.status, body.code ?? 'http_error', message, fields);
  } catch {
    return new Problem(response.status, 'http_error', `请求失败（HTTP ${response.status}）`);
  }
}

const middleware: Middleware = {
  onRequest({ request }) {
    request.headers.set('Accept-Language', 'zh-CN,zh;q=0.9');
    if (request.method !== 'GET' && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
  async onResponse({ response }) {
    if (!response.ok) throw await toProblem(response);
    return response;
  },
  onError() {
    return new Problem(0, 'network_error', '网络不给力，请检查网络后重试');
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(middleware);

export async function call<T>(request: Promise<{ data?: T; response: Response }>): Promise<T> {
  const { data } = await request;
  return data as T;
}

export type ResidentCase = paths['/api/v1/resident/cases/{id}']['get']['responses']['200']['content']['application/json'];
export type CaseSummary = paths['/api/v1/resident/cases']['get']['responses']['200']['content']['application/json']['data'][number];
export type Attachment = ResidentCase['attachments'][number];
export type Place = paths['/api/v1/resident/communities/{id}/places']['get']['responses']['200']['content']['application/json'][number];
export type Community = paths['/api/v1/resident/communities/{id}']['get']['responses']['200']['content']['application/json'];
export type Membership = paths['/api/v1/resident/party-members']['get']['responses']['200']['content']['application/json'][number];
export type Category = paths['/api/v1/resident/categories']['get']['responses']['200']['content']['application/json'][number];
export type Rating = NonNullable<ResidentCase['rating']>;

/** Uploads one photo as multipart; the server checks type and size again. */
export async function uploadPhoto(file: Blob, name: string): Promise<Attachment> {
  const form = new FormData();
  form.append('file', file, name);
  return call(
    api.POST('/api/v1/resident/attachments', {
      body: form as never,
      bodySerializer: (body: unknown) => body as FormData,
    }),
  ) as Promise<Attachment>;
}

/** A random key for one submission; a retry after a network drop sends the same one. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

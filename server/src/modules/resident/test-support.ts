import sharp from 'sharp';
import type { Agent, Response, TestContext } from '../../../test/harness.js';

/** A resident's phone browser: keeps the gz_resident cookie and sends its CSRF token on writes. */
export class ResidentAgent {
  cookie: string | undefined;
  csrf: string | undefined;

  constructor(readonly t: TestContext, readonly ip = '10.0.0.1') {}

  async request(method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const res = await this.t.app.inject({
      method,
      url,
      payload: payload as never,
      remoteAddress: this.ip,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
    });
    const set = res.cookies.find((c) => c.name === 'gz_resident');
    if (set) this.cookie = set.value ? `gz_resident=${set.value}` : undefined;
    const type = String(res.headers['content-type'] ?? '');
    return { status: res.statusCode, headers: res.headers, body: type.includes('json') && res.body ? res.json() : res.body, raw: res.rawPayload };
  }

  get = (url: string) => this.request('GET', url);
  post = (url: string, body: unknown = {}, headers?: Record<string, string>) => this.request('POST', url, body, headers);

  /** Asks for a code, reads it from the outbox as an operator would, and logs in. */
  async login(phone: string): Promise<this> {
    const sent = await this.post('/api/v1/resident/auth/code', { phone });
    if (sent.status !== 200) throw new Error(`code: ${sent.status} ${JSON.stringify(sent.body)}`);
    const res = await this.post('/api/v1/resident/auth/login', { phone, code: await latestCode(this.t, phone) });
    if (res.status !== 200) throw new Error(`login: ${res.status} ${JSON.stringify(res.body)}`);
    this.csrf = res.body.csrfToken;
    return this;
  }
}

export async function latestCode(t: TestContext, phone: string): Promise<string> {
  const row = await t.db
    .selectFrom('outbox_message')
    .select('body')
    .where('recipient', '=', phone)
    .where('kind', '=', 'resident.code')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return /(\d{6})/.exec(row.body)![1]!;
}

/** A real JPEG of the given size, made by sharp. */
export function jpeg(width = 640, height = 480): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 60 } } }).jpeg().toBuffer();
}

export function multipart(content: Buffer, filename = 'photo.jpg', field = 'file', type = 'image/jpeg') {
  const boundary = `----gongzhi${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export function uploadAs(agent: Agent | ResidentAgent, url: string, content: Buffer, filename?: string) {
  const form = multipart(content, filename);
  return agent.request('POST', url, form.body, form.headers);
}

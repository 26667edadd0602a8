import type { FastifyReply, FastifyRequest } from 'fastify';
import { type AppError, problemBody } from '../../platform/errors.js';
import { localeOf } from '../../platform/i18n.js';
import { beijingIsoString } from '../../platform/time.js';

/**
 * GeoReport v2 speaks JSON and XML, chosen by the path's extension
 * (`requests.json`, `requests.xml`). The XML has the spec's shape: a root
 * element per response, lists as repeated child elements named as in the
 * spec (`<services><service>`, `<service_requests><request>`, `<errors><error>`).
 */
export type Format = 'json' | 'xml';
export const FORMATS: Format[] = ['json', 'xml'];
export const MIME: Record<Format, string> = { json: 'application/json; charset=utf-8', xml: 'text/xml; charset=utf-8' };

/** The element name of one item of each list the spec defines. */
const ITEM: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
};

const escapeXml = (text: string) =>
  // Characters XML 1.0 cannot carry at all are dropped rather than producing a document no parser reads.
  // eslint-disable-next-line no-control-regex
  text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '').replace(/[<>&'"]/g, (c) => `&${({ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' })[c]};`);

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value as Record<string, unknown>).map(([k, v]) => element(k, v)).join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>${element(root, value)}`;
}

export function formatOf(request: FastifyRequest): Format {
  return (request.routeOptions.url ?? request.url.split('?')[0]!).endsWith('.xml') ? 'xml' : 'json';
}

export function send(reply: FastifyReply, format: Format, root: string, value: unknown, status = 200) {
  reply.code(status).type(MIME[format]);
  return format === 'xml' ? toXml(root, value) : value;
}

/** Open311 error document: `[{code, description}]`, `<errors><error>…`; the description is the problem's sentence. */
export function sendError(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  const body = problemBody(localeOf(request.headers['accept-language']), error);
  const errors = [{ code: error.status, description: body.detail }];
  const format = formatOf(request);
  reply.code(error.status).type(MIME[format]);
  return reply.send(format === 'xml' ? toXml('errors', errors) : JSON.stringify(errors));
}

/** An instant as GeoReport wants it: W3C date-time with the Beijing offset, 2026-12-01T09:30:00+08:00. */
export function w3c(at: Date | null): string | null {
  if (at === null) return null;
  return beijingIsoString(at);
}

import QRCode from 'qrcode';
import { Type } from 'typebox';
import { authorize, contextOf, requireActor } from '../../platform/auth/plugin.js';
import { audit } from '../../platform/audit.js';
import { fieldError } from '../../platform/errors.js';
import type { App, ModuleOptions } from '../../platform/http.js';
import { maskPhone } from '../../platform/personal.js';
import { Binary, IdParams, Obj, Page, responses } from '../../platform/schema.js';
import { readOutbox, sender } from '../../platform/sender.js';
import { getNode } from '../territory/service.js';
import { M } from './messages.js';
import { OutboxMessage, OutboxQuery } from './schema.js';

const QR_LEVELS = new Set(['community', 'grid', 'compound', 'building']);

/** The H5 page a node's QR code opens: its community, with the grid, compound or building chosen. */
export function h5Link(base: string, node: { id: number; level: string; ancestors: { id: number; level: string }[] }): string {
  if (node.level === 'community') return `${base}/h5/c/${node.id}`;
  const community = node.ancestors.find((a) => a.level === 'community')!;
  return `${base}/h5/c/${community.id}?place=${node.id}`;
}

/** Staff tools around the resident channel: the QR codes to put up, and (embedded/demo mode) the outbox. */
export default async function residentStaffRoutes(app: App, { db, config }: ModuleOptions) {
  app.get(
    '/territory/nodes/:id/qrcode',
    {
      schema: {
        tags: ['resident'],
        summary: "The QR code of a community's (grid's, compound's, building's) resident page, to print and put up (扫码反映问题)",
        params: IdParams,
        querystring: Obj({ format: Type.Optional(Type.Union([Type.Literal('svg'), Type.Literal('png')], { default: 'svg' })) }),
        response: responses({ 200: Binary }),
      },
    },
    async (request, reply) => {
      const node = await getNode(db, authorize(request, 'territory:read'), request.params.id);
      if (!QR_LEVELS.has(node.level)) throw fieldError('params.id', M['resident.qr_level']);
      const base = config.publicUrl ?? `${request.protocol}://${request.host}`;
      const link = h5Link(base, node);
      const options = { errorCorrectionLevel: 'M' as const, margin: 2 };
      reply.header('x-h5-link', encodeURI(link)).header('cache-control', 'private, max-age=300');
      if (request.query.format === 'png') return reply.type('image/png').send(await QRCode.toBuffer(link, { ...options, type: 'png', width: 600 }));
      return reply.type('image/svg+xml').send(Buffer.from(await QRCode.toString(link, { ...options, type: 'svg' })));
    },
  );

  app.get(
    '/outbox',
    {
      schema: {
        tags: ['resident'],
        summary: 'Messages the outbox sender kept (verification codes, case news): where an operator reads them in embedded or demo mode',
        querystring: OutboxQuery,
        response: responses({ 200: Page(OutboxMessage) }),
      },
    },
    async (request) => {
      authorize(request, 'outbox:read');
      requireActor(request);
      const page = await readOutbox(db, { current: request.query.current ?? 1, pageSize: request.query.pageSize ?? 20, ...(request.query.phone ? { phone: request.query.phone } : {}) });
      if (request.query.phone) {
        await audit(db, contextOf(request), {
          action: 'personal.view',
          entityType: 'outbox',
          entityId: maskPhone(request.query.phone),
          summary: `查看发往 ${maskPhone(request.query.phone)} 的消息（${sender().name}）`,
        });
      }
      return page;
    },
  );
}

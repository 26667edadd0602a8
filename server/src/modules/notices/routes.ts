import { Type } from 'typebox';
import { authorize, contextOf, requireActor } from '../../platform/auth/plugin.js';
import { requireResident } from '../../platform/auth/resident.js';
import type { App, ModuleOptions } from '../../platform/http.js';
import { IdParams, Ok, Page, responses } from '../../platform/schema.js';
import { publicBoard, publicNotice } from './board.js';
import { listNotices, withdrawNotice } from './manage.js';
import { decideObjection, listObjections, lodgeObjection } from './objections.js';
import { Board, FindingBody, NoticeQuery, Objection, ObjectionBody, ObjectionReceipt, PublicNotice, StaffNotice, WithdrawBody } from './schema.js';

const tags = ['notices'];
const open = { security: [] };

/**
 * The public board (公示栏, C14): staff manage a community's notices and decide objections;
 * anyone reads the board without login; a resident signed in by phone code objects.
 */
export default async function noticesRoutes(app: App, { db }: ModuleOptions) {
  const staff = (request: Parameters<typeof contextOf>[0]) => {
    authorize(request, 'notice:write');
    return { ...contextOf(request), actor: requireActor(request) };
  };

  app.get(
    '/notices',
    { schema: { tags, summary: 'Notices of the communities in my area, with objection counts', querystring: NoticeQuery, response: responses({ 200: Page(StaffNotice) }) } },
    async (request) => listNotices(db, staff(request).actor, request.query),
  );

  app.post(
    '/notices/:id/withdraw',
    { schema: { tags, summary: 'Take a notice off the board', params: IdParams, body: WithdrawBody, response: responses({ 200: Ok }) } },
    async (request) => {
      await withdrawNotice(db, staff(request), request.params.id, request.body);
      return { ok: true as const };
    },
  );

  app.get(
    '/notices/:id/objections',
    { schema: { tags, summary: "A notice's objections (phones masked) and their findings", params: IdParams, response: responses({ 200: Type.Array(Objection) }) } },
    async (request) => listObjections(db, staff(request).actor, request.params.id),
  );

  app.post(
    '/notices/objections/:id/finding',
    { schema: { tags, summary: 'Record the finding on an objection (upheld withdraws the item)', params: IdParams, body: FindingBody, response: responses({ 200: Ok }) } },
    async (request) => {
      await decideObjection(db, staff(request), request.params.id, request.body);
      return { ok: true as const };
    },
  );

  app.get(
    '/public/communities/:id/board',
    { schema: { tags: ['public'], ...open, summary: "A community's public board: notices and the committee's members (names and roles only)", params: IdParams, response: responses({ 200: Board }) } },
    async (request) => publicBoard(db, request.params.id),
  );

  app.get(
    '/public/notices/:id',
    { schema: { tags: ['public'], ...open, summary: 'One public notice, with the items residents may object to while it is open', params: IdParams, response: responses({ 200: PublicNotice }) } },
    async (request) => publicNotice(db, request.params.id),
  );

  app.post(
    '/resident/notices/:id/objections',
    {
      schema: {
        tags: ['resident'],
        summary: 'Object to an open notice (异议) with the phone you signed in with; rate limited; retries return the first',
        params: IdParams,
        body: ObjectionBody,
        response: responses({ 200: ObjectionReceipt, 201: ObjectionReceipt }),
      },
    },
    async (request, reply) => {
      const resident = requireResident(request);
      const result = await lodgeObjection(db, { ...contextOf(request), actor: null, resident }, request.params.id, request.body);
      reply.code(result.created ? 201 : 200);
      return result;
    },
  );
}

import { Type } from 'typebox';
import { notFound } from '../../platform/errors.js';
import type { App, ModuleOptions } from '../../platform/http.js';
import { maskMobilesIn } from '../../platform/personal.js';
import { DateTime, Enum, IdParams, Nullable, Obj, Page, PageQuery, responses } from '../../platform/schema.js';
import { publicBoard } from './repository.js';
import { RATINGS } from './schema.js';

/**
 * 公开反馈: the community's public board of closed cases whose result the
 * community chose to publish. No login: residents read it from the QR code
 * page. Nothing personal goes out — no reporter, phone or address — and
 * mobile numbers a resident wrote into the text are masked.
 */
export const PublicCase = Obj({
  id: Type.Integer(),
  trackingNo: Type.String(),
  categoryCode: Type.String(),
  categoryName: Type.String(),
  description: Type.String(),
  replyText: Nullable(Type.String()),
  createdAt: DateTime,
  closedAt: Nullable(DateTime),
  rating: Nullable(Enum(RATINGS)),
});

export default async function boardRoutes(app: App, { db }: ModuleOptions) {
  app.get(
    '/public/communities/:id/cases',
    {
      schema: {
        tags: ['public'],
        security: [],
        summary: "A community's published closed cases (公开反馈), newest first; no login, no personal data",
        params: IdParams,
        querystring: Obj({ ...PageQuery }),
        response: responses({ 200: Page(PublicCase) }),
      },
    },
    async (request) => {
      const community = await db.selectFrom('territory_node').select('id').where('id', '=', request.params.id).where('level', '=', 'community').executeTakeFirst();
      if (!community) throw notFound();
      const current = request.query.current ?? 1;
      const pageSize = request.query.pageSize ?? 20;
      const { rows, total } = await publicBoard(db, community.id, current, pageSize);
      return {
        data: rows.map((r) => ({
          id: r.id,
          trackingNo: r.tracking_no,
          categoryCode: r.category_code,
          categoryName: r.category_name ?? r.category_code,
          description: maskMobilesIn(r.description),
          replyText: r.reply_text === null ? null : maskMobilesIn(r.reply_text),
          createdAt: r.created_at.toISOString(),
          closedAt: r.closed_at?.toISOString() ?? null,
          rating: r.rating,
        })),
        total,
        current,
        pageSize,
      };
    },
  );
}

import { authorize } from '../../platform/auth/plugin.js';
import { sendXlsx } from '../../platform/excel.js';
import type { App, ModuleOptions } from '../../platform/http.js';
import { Binary, responses } from '../../platform/schema.js';
import { statsWorkbook } from './export.js';
import { CaseStats, Definitions, StatsQuery } from './schema.js';
import { caseStats, definitions } from './service.js';

const tags = ['stats'];

export default async function statsRoutes(app: App, { db }: ModuleOptions) {
  app.get(
    '/stats/cases',
    {
      schema: {
        tags,
        summary: 'Case statistics of a territory node (city, district, street or community) over a period of Beijing days',
        querystring: StatsQuery,
        response: responses({ 200: CaseStats }),
      },
    },
    async (request) => caseStats(db, authorize(request, 'stats:read'), request.query),
  );

  app.get(
    '/stats/cases/export',
    { schema: { tags, summary: 'The same statistics as an Excel workbook', querystring: StatsQuery, response: responses({ 200: Binary }) } },
    async (request, reply) => {
      const stats = await caseStats(db, authorize(request, 'stats:read'), request.query);
      return sendXlsx(reply, `诉求统计-${stats.territory.name}-${stats.period.from}至${stats.period.to}.xlsx`, await statsWorkbook(db, stats));
    },
  );

  app.get(
    '/stats/cases/definitions',
    { schema: { tags, summary: 'The exact definition of every figure, in Chinese and English', response: responses({ 200: Definitions }) } },
    async (request) => {
      authorize(request, 'stats:read');
      return definitions();
    },
  );
}

import { authorize, authorizeAny, contextOf, requireActor } from '../../platform/auth/plugin.js';
import { AppError } from '../../platform/errors.js';
import { sendXlsx, XLSX_MIME } from '../../platform/excel.js';
import type { App, ModuleOptions } from '../../platform/http.js';
import { Binary, IdParams, Nullable, responses } from '../../platform/schema.js';
import { importOrders } from './import.js';
import { M } from './messages.js';
import { orderOfCase } from './orders.js';
import { HotlineOrder, ImportBody, ImportResult } from './schema.js';
import { buildTemplate } from './template.js';

const tags = ['hotline'];

/** 12345 hotline work orders: the template and the import (case:create, rows inside the importer's area). */
export default async function hotlineRoutes(app: App, { db }: ModuleOptions) {
  app.get(
    '/hotline/import-template',
    { schema: { tags, summary: 'The Excel template of 12345 work orders', produces: [XLSX_MIME], response: responses({ 200: Binary }) } },
    async (request, reply) => {
      authorize(request, 'case:create');
      return sendXlsx(reply, '12345工单导入模板.xlsx', await buildTemplate());
    },
  );

  app.get(
    '/cases/:id/hotline-order',
    { schema: { tags, summary: 'The 12345 work order a case was imported from, or null when it has none', params: IdParams, response: responses({ 200: Nullable(HotlineOrder) }) } },
    async (request) => orderOfCase(db, authorizeAny(request, ['case:read', 'case:handle']), request.params.id),
  );

  app.post(
    '/hotline/import',
    {
      schema: {
        tags,
        summary: 'Import 12345 work orders (.xlsx or CSV) as cases: every row or none; orders imported before are skipped',
        consumes: ['multipart/form-data'],
        body: ImportBody,
        response: responses({ 200: ImportResult }),
      },
      // The file is streamed with request.file(); the body schema documents the form for the OpenAPI client only.
      validatorCompiler: () => (data) => ({ value: data }),
    },
    async (request) => {
      const scope = authorize(request, 'case:create');
      if (!request.isMultipart()) throw new AppError(415, 'unsupported_media_type');
      const file = await request.file();
      if (!file || file.fieldname !== 'file') throw new AppError(400, 'validation_failed', {}, [{ field: 'body.file', key: M['hotline.file_missing'] }]);
      return importOrders(db, { ...contextOf(request), actor: requireActor(request) }, scope, await file.toBuffer(), file.filename ?? '');
    },
  );
}

import { authorize } from '../../platform/auth/plugin.js';
import { beijingTime, datedName, sendXlsx, toXlsx, type Column } from '../../platform/excel.js';
import type { App, ModuleOptions } from '../../platform/http.js';
import { Binary, responses } from '../../platform/schema.js';
import { AuditPage, AuditQuery } from './schema.js';
import * as service from './service.js';

const tags = ['audit'];


const COLUMNS: Column<service.AuditView>[] = [
  { header: '时间', width: 20, value: (e) => beijingTime(e.at) },
  { header: '操作人', width: 24, value: (e) => e.actorName ?? '（未登录）' },
  { header: 'IP', width: 16, value: (e) => e.ip },
  { header: '操作', width: 22, value: (e) => e.action },
  { header: '对象类型', value: (e) => e.entityType },
  { header: '对象ID', value: (e) => e.entityId },
  { header: '辖区', width: 16, value: (e) => e.territoryName },
  { header: '摘要', width: 60, value: (e) => e.summary },
];

export default async function auditRoutes(app: App, { db }: ModuleOptions) {
  app.get(
    '/audit',
    { schema: { tags, summary: 'The audit log in my area, newest first', querystring: AuditQuery, response: responses({ 200: AuditPage }) } },
    async (request) => service.list(db, authorize(request, 'audit:read'), request.query),
  );

  app.get(
    '/audit/export',
    { schema: { tags, summary: 'The same entries as an Excel file', querystring: AuditQuery, response: responses({ 200: Binary }) } },
    async (request, reply) => {
      const entries = await service.listAll(db, authorize(request, 'audit:read'), request.query);
      return sendXlsx(reply, datedName('审计日志'), await toXlsx('审计日志', COLUMNS, entries));
    },
  );
}

import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { authorize, contextOf, requireActor } from '../../platform/auth/plugin.js';
import type { Permission } from '../../platform/auth/roles.js';
import { sendXlsx, toXlsx } from '../../platform/excel.js';
import type { App, ModuleOptions } from '../../platform/http.js';
import { Binary, IdParams, Obj, Page, responses } from '../../platform/schema.js';
import { BookingBody, DonationBody, Ledger, ReverseBody, Txn, TxnQuery, Units, YearQuery } from './schema.js';
import * as service from './service.js';

const tags = ['funds'];

function staff(request: FastifyRequest, permission: Permission) {
  authorize(request, permission);
  return { ...contextOf(request), actor: requireActor(request) };
}

const yuanCell = (fen: number) => (fen === 0 ? '' : Number(service.yuan(fen)));

/** A community's funds ledger (资金台账): balances, transactions, allocations, donations, reversals, the yearly report. */
export default async function fundsRoutes(app: App, { db }: ModuleOptions) {
  app.get('/funds/communities/:id', { schema: { tags, summary: "A community's accounts and balances (they sum to zero)", params: IdParams, response: responses({ 200: Ledger }) } }, async (request) =>
    service.ledger(db, staff(request, 'funds:read').actor, request.params.id),
  );

  app.get('/funds/communities/:id/transactions', { schema: { tags, summary: 'The ledger’s transactions with their entries, newest first', params: IdParams, querystring: TxnQuery, response: responses({ 200: Page(Txn) }) } }, async (request) =>
    service.transactions(db, staff(request, 'funds:read').actor, request.params.id, request.query),
  );

  app.get('/funds/communities/:id/units', { schema: { tags, summary: 'Confirmed units of the community (donors)', params: IdParams, response: responses({ 200: Units }) } }, async (request) => {
    const node = await service.communityFor(db, staff(request, 'funds:read').actor, request.params.id);
    return db.selectFrom('unit').select(['id', 'name', 'kind']).where('community_id', '=', node.id).where('status', '=', 'confirmed').orderBy('name').execute();
  });

  const created = Obj({ id: Type.Integer() });
  app.post('/funds/communities/:id/allocations', { schema: { tags, summary: '区县拨付 into the community pool (funds:allocate)', params: IdParams, body: BookingBody, response: responses({ 201: created }) } }, async (request, reply) => {
    const id = await service.allocate(db, staff(request, 'funds:allocate'), request.params.id, request.body);
    reply.code(201);
    return { id };
  });

  app.post('/funds/communities/:id/donations', { schema: { tags, summary: '单位捐赠 by a confirmed unit into the pool', params: IdParams, body: DonationBody, response: responses({ 201: created }) } }, async (request, reply) => {
    const id = await service.donate(db, staff(request, 'funds:write'), request.params.id, request.body);
    reply.code(201);
    return { id };
  });

  app.post('/funds/transactions/:id/reverse', { schema: { tags, summary: '冲正: a reversing transaction (allocations, donations, spending)', params: IdParams, body: ReverseBody, response: responses({ 201: created }) } }, async (request, reply) => {
    const id = await service.reverse(db, staff(request, 'funds:write'), request.params.id, request.body.memo);
    reply.code(201);
    return { id };
  });

  app.get('/funds/communities/:id/report', { schema: { tags, summary: '年度资金报表 as Excel', params: IdParams, querystring: YearQuery, response: responses({ 200: Binary }) } }, async (request, reply) => {
    const { node, rows } = await service.yearlyRows(db, staff(request, 'funds:read').actor, request.params.id, request.query.year);
    const income = rows.reduce((s, r) => s + r.income, 0);
    const spending = rows.reduce((s, r) => s + r.spending, 0);
    const book = await toXlsx(
      `${request.query.year}年资金报表`,
      [
        { header: '日期', value: (r: (typeof rows)[number]) => r.bookedOn },
        { header: '凭证号', value: (r) => r.id, width: 8 },
        { header: '业务类型', value: (r) => r.kind },
        { header: '摘要', value: (r) => r.memo, width: 36 },
        { header: '项目', value: (r) => r.project, width: 24 },
        { header: '预算科目', value: (r) => r.line },
        { header: '捐赠单位', value: (r) => r.unit, width: 24 },
        { header: '收入(元)', value: (r) => yuanCell(r.income) },
        { header: '支出(元)', value: (r) => yuanCell(r.spending) },
        { header: '冲正凭证', value: (r) => r.reverses ?? '' },
      ],
      [...rows, { id: 0, bookedOn: '合计', kind: '', memo: `${node.name} ${request.query.year} 年`, project: '', line: '', unit: '', income, spending, reverses: null }],
    );
    return sendXlsx(reply, `${node.name}${request.query.year}年资金报表.xlsx`, book);
  });
}

import { Type, type TSchema } from 'typebox';
import { authorize, contextOf, requireActor } from '../../platform/auth/plugin.js';
import { AppError } from '../../platform/errors.js';
import { datedName, sendXlsx } from '../../platform/excel.js';
import type { App, ModuleOptions } from '../../platform/http.js';
import { Binary, IdParams, Ok, Page, responses } from '../../platform/schema.js';
import { M } from './messages.js';
import * as members from './members.js';
import { overview } from './overview.js';
import { exportRoster, importRoster, rosterTemplate } from './roster.js';
import {
  CommitteeDetail,
  CommitteeQuery,
  CommitteeSummary,
  DecideExitBody,
  DismissBody,
  EditMemberBody,
  EnsureCommitteeBody,
  ExportQuery,
  ImportBody,
  ImportResult,
  LeaderBody,
  LeaderCandidate,
  MemberDetail,
  MemberEvent,
  MemberQuery,
  MemberSummary,
  Overview,
  OverviewQuery,
  PersonalData,
  RebuildResult,
  RejectExitBody,
  RequestExitBody,
  SeatsBody,
  TermEnding,
  Zone,
  ZoneBody,
} from './schema.js';
import * as service from './service.js';
import { rebuildCommitteeStats } from './stats.js';
import { termsEnding } from './terms.js';
import visitRoutes from './visit-routes.js';
import { addZone, committeeZones, removeZone } from './zones.js';

const tags = ['committees'];

/** 社工委 and its members after appointment: roster, history, exit and dismissal, zones, overview, roster Excel. */
export default async function committeesRoutes(app: App, options: ModuleOptions) {
  const { db } = options;
  const reader = (request: Parameters<typeof requireActor>[0]) => {
    authorize(request, 'committee:read');
    return requireActor(request);
  };
  const writer = (request: Parameters<typeof requireActor>[0]) => ({ ...contextOf(request), actor: requireActor(request) });

  app.get('/committees', { schema: { tags, summary: 'Committees in my area with members, vacancies, terms ending and visits this month', querystring: CommitteeQuery, response: responses({ 200: Page(CommitteeSummary) }) } }, async (request) =>
    service.listCommittees(db, reader(request), request.query),
  );

  app.post('/committees', { schema: { tags, summary: 'Create the committee of a community (status forming) unless it has one', body: EnsureCommitteeBody, response: responses({ 200: CommitteeDetail, 201: CommitteeDetail }) } }, async (request, reply) => {
    authorize(request, 'committee:write');
    const result = await service.createCommittee(db, writer(request), request.body.communityId);
    reply.code(result.created ? 201 : 200);
    return service.getCommittee(db, requireActor(request), result.id);
  });

  app.get('/committees/overview', { schema: { tags, summary: '社工委概况 of a node and its children (rollups; seed 000 categories)', querystring: OverviewQuery, response: responses({ 200: Overview }) } }, async (request) =>
    overview(db, reader(request), request.query.nodeId),
  );

  app.post('/committees/overview/rebuild', { schema: { tags, summary: 'Recompute every overview rollup from the rows (repairs; installation-wide administrators)', response: responses({ 200: RebuildResult }) } }, async (request) => {
    const scope = authorize(request, 'committee:approve');
    if (scope.kind !== 'all') throw new AppError(403, 'forbidden');
    return rebuildCommitteeStats(db);
  });

  app.get('/committees/terms-ending', { schema: { tags, summary: 'Members whose term ends within 30 days (轮值委员)', querystring: Type.Object({ committeeId: Type.Optional(IdParams.properties.id) }, { additionalProperties: false }), response: responses({ 200: Type.Array(TermEnding) }) } }, async (request) =>
    termsEnding(db, reader(request), request.query.committeeId),
  );

  app.get('/committees/members/export', { schema: { tags, summary: 'The roster in my area as Excel (phones and ID numbers masked)', querystring: ExportQuery, response: responses({ 200: Binary }) } }, async (request, reply) =>
    sendXlsx(reply, datedName('社工委委员名册'), await exportRoster(db, reader(request), request.query)),
  );

  app.get('/committees/members/import-template', { schema: { tags, summary: 'The empty roster template', response: responses({ 200: Binary }) } }, async (request, reply) => {
    authorize(request, 'committee:write');
    return sendXlsx(reply, '社工委委员名册导入模板.xlsx', await rosterTemplate());
  });

  app.post(
    '/committees/members/import',
    {
      schema: { tags, summary: 'Import an existing roster (source import): every row or none, errors per row and column', consumes: ['multipart/form-data'], body: ImportBody, response: responses({ 200: ImportResult }) },
      validatorCompiler: () => (data) => ({ value: data }),
    },
    async (request) => {
      authorize(request, 'committee:write');
      if (!request.isMultipart()) throw new AppError(415, 'unsupported_media_type');
      const file = await request.file();
      if (!file || file.fieldname !== 'file') throw new AppError(400, 'validation_failed', {}, [{ field: 'body.file', key: M['committee.import_file_missing'] }]);
      return importRoster(db, writer(request), await file.toBuffer());
    },
  );

  app.get('/committees/me', { schema: { tags, summary: 'My own memberships (for a member to ask to leave)', response: responses({ 200: Type.Array(MemberSummary) }) } }, async (request) =>
    service.myMemberships(db, requireActor(request)),
  );

  app.get('/committees/:id', { schema: { tags, summary: 'One committee with its composition', params: IdParams, response: responses({ 200: CommitteeDetail }) } }, async (request) =>
    service.getCommittee(db, reader(request), request.params.id),
  );

  app.put('/committees/:id/seats', { schema: { tags, summary: 'Set the number of seats (编制); vacancies are seats minus members in office', params: IdParams, body: SeatsBody, response: responses({ 200: CommitteeDetail }) } }, async (request) => {
    authorize(request, 'committee:write');
    await service.setSeats(db, writer(request), request.params.id, request.body);
    return service.getCommittee(db, requireActor(request), request.params.id);
  });

  app.get('/committees/:id/leader-candidates', { schema: { tags, summary: 'District accounts that may be linked as the 包抓 leader', params: IdParams, response: responses({ 200: Type.Array(LeaderCandidate) }) } }, async (request) =>
    service.leaderCandidates(db, reader(request), request.params.id),
  );

  app.put('/committees/:id/leader', { schema: { tags, summary: 'Link (or unlink) the district leader who 包抓 this committee', params: IdParams, body: LeaderBody, response: responses({ 200: CommitteeDetail }) } }, async (request) => {
    authorize(request, 'committee:write');
    await service.setLeader(db, writer(request), request.params.id, request.body);
    return service.getCommittee(db, requireActor(request), request.params.id);
  });

  app.get('/committees/:id/members', { schema: { tags, summary: 'Members of a committee (personal data masked)', params: IdParams, querystring: MemberQuery, response: responses({ 200: Page(MemberSummary) }) } }, async (request) =>
    service.listMembers(db, reader(request), request.params.id, request.query),
  );

  app.get('/committees/:id/zones', { schema: { tags, summary: 'Zones of responsibility (委员分片负责联系)', params: IdParams, response: responses({ 200: Type.Array(Zone) }) } }, async (request) =>
    committeeZones(db, reader(request), request.params.id),
  );

  app.post('/committees/:id/zones', { schema: { tags, summary: 'Assign a member or grid worker to a grid/compound/building or a unit', params: IdParams, body: ZoneBody, response: responses({ 201: Zone }) } }, async (request, reply) => {
    authorize(request, 'committee:write');
    reply.code(201);
    return addZone(db, writer(request), request.params.id, request.body);
  });

  app.delete('/committees/zones/:id', { schema: { tags, summary: 'Remove a zone assignment', params: IdParams, response: responses({ 200: Ok }) } }, async (request) => {
    authorize(request, 'committee:write');
    await removeZone(db, writer(request), request.params.id);
    return { ok: true as const };
  });

  app.get('/committees/members/:id', { schema: { tags, summary: 'One member with the actions I may take and their zones', params: IdParams, response: responses({ 200: MemberDetail }) } }, async (request) =>
    service.getMember(db, requireActor(request), request.params.id),
  );

  app.get('/committees/members/:id/history', { schema: { tags, summary: "The member's full history, oldest first", params: IdParams, response: responses({ 200: Type.Array(MemberEvent) }) } }, async (request) =>
    members.memberHistory(db, requireActor(request), request.params.id),
  );

  app.get('/committees/members/:id/personal', { schema: { tags, summary: 'Full phone and ID number (personal:view; audit-logged)', params: IdParams, response: responses({ 200: PersonalData }) } }, async (request) => {
    authorize(request, 'personal:view');
    return members.revealMember(db, writer(request), request.params.id);
  });

  const step = (path: string, summary: string, body: TSchema, run: (ctx: ReturnType<typeof writer>, id: number, body: never) => Promise<void>) =>
    app.post(`/committees/members/:id/${path}`, { schema: { tags, summary, params: IdParams, body, response: responses({ 200: MemberDetail }) } }, async (request) => {
      const ctx = writer(request);
      await run(ctx, request.params.id, request.body as never);
      return service.getMember(db, ctx.actor, request.params.id);
    });
  step('exit-request', '申请退出: serving → exiting (the member themself or community staff)', RequestExitBody, (ctx, id, body) => members.requestExit(db, ctx, id, body));
  step('exit-approve', '批准退出: exiting → exited (the community party organisation)', DecideExitBody, (ctx, id, body) => members.approveExit(db, ctx, id, body));
  step('exit-reject', '不同意退出: exiting → serving', RejectExitBody, (ctx, id, body) => members.rejectExit(db, ctx, id, body));
  step('dismiss', '解聘: serving | exiting → dismissed, with reason and decision', DismissBody, (ctx, id, body) => members.dismiss(db, ctx, id, body));
  step('edit', 'Change role, category or contact (a timeline row)', EditMemberBody, (ctx, id, body) => members.editMember(db, ctx, id, body));

  await app.register(visitRoutes, options);
}

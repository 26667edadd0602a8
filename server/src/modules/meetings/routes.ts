import QRCode from 'qrcode';
import { Type } from 'typebox';
import { authorize, contextOf, requireActor } from '../../platform/auth/plugin.js';
import { requireResident } from '../../platform/auth/resident.js';
import { datedName, sendXlsx } from '../../platform/excel.js';
import type { App, ModuleOptions } from '../../platform/http.js';
import { Binary, IdParams, Ok, Page, responses } from '../../platform/schema.js';
import { listCadence, setSchedule } from './cadence.js';
import { exportMeetings, exportTasks, exportTopics } from './export.js';
import { minutesHtml, minutesPdf } from './minutes-export.js';
import { phoneSignInView, signInByPhone } from './phone-sign-in.js';
import { meetingOverview, overviewXlsx } from './overview.js';
import { castVote, decideResolution, proposeResolution } from './resolutions.js';
import { listRules, setRule } from './rules.js';
import {
  AddendumBody,
  AgendaBody,
  Cadence,
  CadenceQuery,
  CommunityParams,
  CreateMeetingBody,
  CreateTopicBody,
  Decided,
  EditTopicBody,
  MeetingDetail,
  MeetingQuery,
  MeetingSummary,
  MinutesBody,
  Overview,
  OverviewQuery,
  PhoneSignIn,
  PhoneSignInBody,
  RespondBody,
  ResolutionBody,
  Rule,
  RuleBody,
  ScheduleBody,
  SignInBody,
  Task,
  TaskQuery,
  TopicDetail,
  TopicOfCase,
  TopicQuery,
  TopicSummary,
  TypeParams,
  VersionBody,
  VoteBody,
} from './schema.js';
import * as service from './service.js';
import { completeTask, listTasks } from './tasks.js';
import { editTopic, getTopic, listTopics, withdrawTopic } from './topics.js';
import type { MeetingAction } from './workflow.js';

const tags = ['meetings'];

/** 议题、会议、纪要、决议 (C6): topic pool, meetings with sign-in and votes, outcomes, cadence, overview. */
export default async function meetingsRoutes(app: App, options: ModuleOptions) {
  const { db } = options;
  const reader = (request: Parameters<typeof requireActor>[0]) => {
    authorize(request, 'meeting:read');
    return requireActor(request);
  };
  const writer = (request: Parameters<typeof requireActor>[0]) => ({ ...contextOf(request), actor: requireActor(request) });
  const detail = (request: Parameters<typeof requireActor>[0], id: number) => service.getMeeting(db, requireActor(request), id);

  app.get('/meetings/rules', { schema: { tags, summary: 'Quorum and pass threshold per meeting type', response: responses({ 200: Type.Array(Rule) }) } }, async (request) => {
    reader(request);
    return listRules(db);
  });
  app.put('/meetings/rules/:type', { schema: { tags, summary: 'Change the quorum and threshold of a meeting type (meetings scheduled later use it)', params: TypeParams, body: RuleBody, response: responses({ 200: Type.Array(Rule) }) } }, async (request) => {
    authorize(request, 'meeting:config');
    await setRule(db, writer(request), request.params.type, request.body);
    return listRules(db);
  });

  app.post('/meetings/topics', { schema: { tags, summary: 'Turn cases of one community (or an own proposal) into a topic in the pool', body: CreateTopicBody, response: responses({ 201: TopicDetail }) } }, async (request, reply) => {
    authorize(request, 'topic:write');
    const id = await service.createTopic(db, writer(request), request.body);
    reply.code(201);
    return getTopic(db, requireActor(request), id);
  });
  app.get('/meetings/topics', { schema: { tags, summary: 'The topic pool in my area', querystring: TopicQuery, response: responses({ 200: Page(TopicSummary) }) } }, async (request) =>
    listTopics(db, reader(request), request.query),
  );
  app.get('/meetings/topics/export', { schema: { tags, summary: 'The topic pool I may list, as Excel (same filters as the list)', querystring: TopicQuery, response: responses({ 200: Binary }) } }, async (request, reply) =>
    sendXlsx(reply, datedName('议题池'), await exportTopics(db, reader(request), request.query)),
  );
  app.get('/meetings/topics/by-case/:id', { schema: { tags, summary: 'Topics a case became, with their meetings and resolutions', params: IdParams, response: responses({ 200: Type.Array(TopicOfCase) }) } }, async (request) =>
    service.topicsOfCase(db, requireActor(request), request.params.id),
  );
  app.get('/meetings/topics/:id', { schema: { tags, summary: 'One topic with its cases, meetings and timeline', params: IdParams, response: responses({ 200: TopicDetail }) } }, async (request) =>
    getTopic(db, reader(request), request.params.id),
  );
  app.patch('/meetings/topics/:id', { schema: { tags, summary: "Edit a topic's wording or category while it waits or stands on an agenda (author or staff)", params: IdParams, body: EditTopicBody, response: responses({ 200: TopicDetail }) } }, async (request) => {
    await editTopic(db, writer(request), request.params.id, request.body);
    return getTopic(db, requireActor(request), request.params.id);
  });
  app.post('/meetings/topics/:id/withdraw', { schema: { tags, summary: 'Withdraw a pooled topic (pooled → withdrawn)', params: IdParams, body: VersionBody, response: responses({ 200: TopicDetail }) } }, async (request) => {
    await withdrawTopic(db, writer(request), request.params.id, request.body.version);
    return getTopic(db, requireActor(request), request.params.id);
  });

  app.get('/meetings/tasks', { schema: { tags, summary: 'Tasks and projects resolutions created, with owners and deadlines', querystring: TaskQuery, response: responses({ 200: Page(Task) }) } }, async (request) =>
    listTasks(db, reader(request), request.query),
  );
  app.get('/meetings/tasks/export', { schema: { tags, summary: 'The resolution tasks I may list, as Excel (same filters as the list)', querystring: TaskQuery, response: responses({ 200: Binary }) } }, async (request, reply) =>
    sendXlsx(reply, datedName('决议落实'), await exportTasks(db, reader(request), request.query)),
  );
  app.post('/meetings/tasks/:id/complete', { schema: { tags, summary: 'Mark a task done (open → done)', params: IdParams, body: VersionBody, response: responses({ 200: Ok }) } }, async (request) => {
    await completeTask(db, writer(request), request.params.id, request.body.version);
    return { ok: true as const };
  });

  app.get('/meetings/cadence', { schema: { tags, summary: 'Per committee: last meeting, months without a 社工委例会, recurring schedule', querystring: CadenceQuery, response: responses({ 200: Page(Cadence) }) } }, async (request) =>
    listCadence(db, reader(request), request.query),
  );
  app.put('/meetings/cadence/:communityId', { schema: { tags, summary: 'Set (or clear) the recurring 社工委例会 schedule of a community', params: CommunityParams, body: ScheduleBody, response: responses({ 200: Ok }) } }, async (request) => {
    authorize(request, 'meeting:write');
    await setSchedule(db, writer(request), request.params.communityId, request.body.schedule);
    return { ok: true as const };
  });

  app.get('/meetings/overview', { schema: { tags, summary: 'Meetings held, topics decided, resolutions and tasks by territory and period', querystring: OverviewQuery, response: responses({ 200: Overview }) } }, async (request) =>
    meetingOverview(db, reader(request), request.query),
  );
  app.get('/meetings/overview/export', { schema: { tags, summary: 'The overview as Excel', querystring: OverviewQuery, response: responses({ 200: Binary }) } }, async (request, reply) =>
    sendXlsx(reply, datedName('议事概况'), await overviewXlsx(await meetingOverview(db, reader(request), request.query))),
  );

  app.post('/meetings', { schema: { tags, summary: 'Schedule a meeting with invitees and an agenda from the pool', body: CreateMeetingBody, response: responses({ 201: MeetingDetail }) } }, async (request, reply) => {
    authorize(request, 'meeting:write');
    const id = await service.createMeeting(db, writer(request), request.body);
    reply.code(201);
    return detail(request, id);
  });
  app.get('/meetings', { schema: { tags, summary: 'Meetings in my area', querystring: MeetingQuery, response: responses({ 200: Page(MeetingSummary) }) } }, async (request) =>
    service.listMeetings(db, reader(request), request.query),
  );
  app.get('/meetings/export', { schema: { tags, summary: 'The meetings I may list, as Excel (same filters as the list)', querystring: MeetingQuery, response: responses({ 200: Binary }) } }, async (request, reply) =>
    sendXlsx(reply, datedName('会议'), await exportMeetings(db, reader(request), request.query)),
  );
  app.get('/meetings/:id', { schema: { tags, summary: 'One meeting: invitees, live quorum, agenda, minutes, resolutions, timeline', params: IdParams, response: responses({ 200: MeetingDetail }) } }, async (request) =>
    detail(request, request.params.id),
  );
  const transition = (action: MeetingAction, summary: string) =>
    app.post(`/meetings/:id/${action}`, { schema: { tags, summary, params: IdParams, body: VersionBody, response: responses({ 200: MeetingDetail }) } }, async (request) => {
      await service.moveMeeting(db, writer(request), request.params.id, action, request.body.version);
      return detail(request, request.params.id);
    });
  transition('open', 'Open the meeting (scheduled → in_progress): sign-in and votes start');
  transition('close', 'Close the meeting (in_progress → closed): minutes lock');
  transition('cancel', 'Cancel a scheduled meeting');

  app.post('/meetings/:id/agenda', { schema: { tags, summary: 'Add a pooled topic of the same community to the agenda', params: IdParams, body: AgendaBody, response: responses({ 200: MeetingDetail }) } }, async (request) => {
    await service.addAgenda(db, writer(request), request.params.id, request.body);
    return detail(request, request.params.id);
  });
  app.post('/meetings/:id/respond', { schema: { tags, summary: 'Attend or decline: the invitee themself, or staff for an invitee', params: IdParams, body: RespondBody, response: responses({ 200: MeetingDetail }) } }, async (request) => {
    await service.respond(db, writer(request), request.params.id, request.body);
    return detail(request, request.params.id);
  });
  app.post('/meetings/:id/sign-in', { schema: { tags, summary: 'Staff tick an invitee present', params: IdParams, body: SignInBody, response: responses({ 200: MeetingDetail }) } }, async (request) => {
    await service.signIn(db, writer(request), request.params.id, request.body.inviteeId);
    return detail(request, request.params.id);
  });
  app.post('/meetings/:id/sign-in/me', { schema: { tags, summary: 'Sign myself in (the QR code page; my own account)', params: IdParams, response: responses({ 200: MeetingDetail }) } }, async (request) => {
    await service.signIn(db, writer(request), request.params.id, null);
    return detail(request, request.params.id);
  });
  // A member without a console account, signed in on the QR page by phone code (resident session).
  app.get('/resident/meetings/:id/sign-in', { schema: { tags: ['resident'], summary: 'The meeting as the QR page shows it to the members holding my phone number', params: IdParams, response: responses({ 200: PhoneSignIn }) } }, async (request) =>
    phoneSignInView(db, request.params.id, requireResident(request).phone),
  );
  app.post('/resident/meetings/:id/sign-in', { schema: { tags: ['resident'], summary: '委员扫码签到 with the phone number the committee has for me', params: IdParams, body: PhoneSignInBody, response: responses({ 200: PhoneSignIn }) } }, async (request) =>
    signInByPhone(db, { ...contextOf(request), actor: null, resident: requireResident(request) }, request.params.id, request.body.inviteeId),
  );
  app.get('/meetings/:id/qrcode', { schema: { tags, summary: 'PNG QR code of the H5 sign-in page', params: IdParams, response: responses({ 200: Binary }) } }, async (request, reply) => {
    await detail(request, request.params.id);
    const base = options.config.publicUrl ?? `${request.protocol}://${request.host}`;
    const link = `${base}${service.signInPath(request.params.id)}`;
    return reply.header('x-h5-link', encodeURI(link)).type('image/png').send(await QRCode.toBuffer(link, { errorCorrectionLevel: 'M', margin: 2, type: 'png', width: 600 }));
  });
  app.get('/meetings/:id/minutes.pdf', { schema: { tags, summary: 'The minutes as PDF', params: IdParams, response: responses({ 200: Binary }) } }, async (request, reply) => {
    const m = await detail(request, request.params.id);
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="minutes.pdf"; filename*=UTF-8''${encodeURIComponent(`${m.title}会议纪要.pdf`)}`).send(await minutesPdf(m));
  });
  app.get('/meetings/:id/minutes.html', { schema: { tags, summary: 'The minutes as Word-friendly HTML (open or save as .doc)', params: IdParams, response: responses({ 200: Binary }) } }, async (request, reply) => {
    const m = await detail(request, request.params.id);
    return reply
      .type('text/html; charset=utf-8')
      .header('content-disposition', `attachment; filename="minutes.doc"; filename*=UTF-8''${encodeURIComponent(`${m.title}会议纪要.doc`)}`)
      .send(Buffer.from(minutesHtml(m), 'utf8'));
  });

  app.put('/meetings/agenda/:id/minutes', { schema: { tags, summary: 'Save the minutes of an agenda item (until the meeting closes)', params: IdParams, body: MinutesBody, response: responses({ 200: Ok }) } }, async (request) => {
    await service.saveMinutes(db, writer(request), request.params.id, request.body);
    return { ok: true as const };
  });
  app.post('/meetings/agenda/:id/addenda', { schema: { tags, summary: 'Append a correction to locked minutes', params: IdParams, body: AddendumBody, response: responses({ 201: Ok }) } }, async (request, reply) => {
    await service.addAddendum(db, writer(request), request.params.id, request.body.text);
    reply.code(201);
    return { ok: true as const };
  });
  app.post('/meetings/agenda/:id/resolution', { schema: { tags, summary: 'Propose the resolution of an agenda item (voting starts)', params: IdParams, body: ResolutionBody, response: responses({ 201: Ok }) } }, async (request, reply) => {
    await proposeResolution(db, writer(request), request.params.id, request.body);
    reply.code(201);
    return { ok: true as const };
  });
  app.post('/meetings/resolutions/:id/votes', { schema: { tags, summary: 'Record a vote: a member for themself, or staff for a present member', params: IdParams, body: VoteBody, response: responses({ 201: Ok }) } }, async (request, reply) => {
    await castVote(db, writer(request), request.params.id, request.body);
    reply.code(201);
    return { ok: true as const };
  });
  app.post('/meetings/resolutions/:id/decide', { schema: { tags, summary: 'Close the vote: passed (outcome created) or failed; needs the quorum present', params: IdParams, body: VersionBody, response: responses({ 200: Decided }) } }, async (request) => {
    const { routingFailure } = await decideResolution(db, writer(request), request.params.id, request.body.version);
    // Message and code only: a database error's detail can quote row values.
    if (routingFailure) request.log.warn({ resolutionId: request.params.id, code: (routingFailure as { code?: string }).code, message: routingFailure.message }, 'dispatch resolution not routed; its job will');
    return { ok: true as const, routingDeferred: routingFailure !== null };
  });
}

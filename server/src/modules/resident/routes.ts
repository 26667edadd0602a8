import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { contextOf } from '../../platform/auth/plugin.js';
import { RESIDENT_COOKIE, RESIDENT_SESSION_DAYS, requireResident } from '../../platform/auth/resident.js';
import { AppError } from '../../platform/errors.js';
import type { App, ModuleOptions } from '../../platform/http.js';
import { maskPhone } from '../../platform/personal.js';
import { readUpload, streamedBody, uploadSchema } from '../../platform/images.js';
import { Binary, Id, IdParams, Nullable, Ok, Page, responses } from '../../platform/schema.js';
import { storageFor } from '../../platform/storage.js';
import { FileKind, sendAttachment } from '../cases/attachment-routes.js';
import { attachmentView, saveUpload } from '../cases/attachments.js';
import {
  getReporterCase,
  listReporterCases,
  rateAsResident,
  reopenAsResident,
  RESIDENT_ATTACHMENTS,
  residentAttachment,
  submitAsResident,
  unclaimedUploads,
} from '../cases/reporter.js';
import { Attachment } from '../cases/schema.js';
import * as auth from './auth.js';
import { M } from './messages.js';
import { categories, communityByCode, communityById, placesOf } from './places.js';
import {
  Category,
  CodeRequestBody,
  CodeSent,
  Community,
  CommunityQuery,
  LoginBody,
  MyCasesQuery,
  Place,
  RateBody,
  ReopenBody,
  ResidentCase,
  ResidentCaseSummary,
  ResidentMe,
  SubmitBody,
} from './schema.js';

const tags = ['resident'];
const open = { security: [] };
/** More waiting uploads than this is not a person filling in a form. */
const MAX_UNCLAIMED = 30;

function residentContext(request: FastifyRequest) {
  const resident = requireResident(request);
  return { ...contextOf(request), actor: null, resident };
}

/**
 * The resident H5 API: phone-code login, the community's categories and
 * buildings, submitting and following one's own cases. Mounted under
 * /api/v1/resident; only resident sessions count here (cookie gz_resident).
 */
export default async function residentRoutes(app: App, { db, config }: ModuleOptions) {
  const storage = storageFor(config);
  const cookieOptions = { path: '/api/v1/resident', httpOnly: true, sameSite: 'lax', secure: config.secureCookies } as const;

  app.post(
    '/resident/auth/code',
    { schema: { tags, ...open, summary: 'Send a one-time login code to a mobile number (rate limited per number and per address)', body: CodeRequestBody, response: responses({ 200: CodeSent }) } },
    async (request) => auth.requestCode(db, contextOf(request), request.body.phone),
  );

  app.post(
    '/resident/auth/login',
    { schema: { tags, ...open, summary: 'Log in with the code; sets the resident session cookie', body: LoginBody, response: responses({ 200: ResidentMe }) } },
    async (request, reply) => {
      const { token, me } = await auth.verifyCode(db, contextOf(request), request.body.phone, request.body.code);
      reply.setCookie(RESIDENT_COOKIE, token, { ...cookieOptions, maxAge: RESIDENT_SESSION_DAYS * 86_400 });
      return me;
    },
  );

  app.post('/resident/auth/logout', { schema: { tags, summary: 'Log out', response: responses({ 200: Ok }) } }, async (request, reply) => {
    await auth.logout(db, requireResident(request).sessionId);
    reply.clearCookie(RESIDENT_COOKIE, { path: cookieOptions.path });
    return { ok: true as const };
  });

  // Every H5 page asks this on load, signed in or not, so "not signed in" is an answer (null), not a 401.
  app.get(
    '/resident/me',
    { schema: { tags, ...open, summary: 'The signed-in resident (masked number) and the CSRF token; null when not signed in', response: responses({ 200: Nullable(ResidentMe) }) } },
    async (request, reply) => {
      const resident = request.resident;
      if (!resident) {
        if (request.cookies[RESIDENT_COOKIE]) reply.clearCookie(RESIDENT_COOKIE, { path: cookieOptions.path });
        return null;
      }
      return { phone: maskPhone(resident.phone)!, csrfToken: resident.csrfToken };
    },
  );

  app.get(
    '/resident/communities',
    { schema: { tags, ...open, summary: 'A community by its 12-digit code', querystring: CommunityQuery, response: responses({ 200: Community }) } },
    async (request) => communityByCode(db, request.query.code),
  );

  app.get(
    '/resident/communities/:id',
    { schema: { tags, ...open, summary: 'A community by id (the QR code link)', params: IdParams, response: responses({ 200: Community }) } },
    async (request) => communityById(db, request.params.id),
  );

  app.get(
    '/resident/communities/:id/places',
    { schema: { tags, ...open, summary: "The community's grids, compounds and buildings, for the building picker", params: IdParams, response: responses({ 200: Type.Array(Place) }) } },
    async (request) => placesOf(db, request.params.id),
  );

  app.get(
    '/resident/categories',
    { schema: { tags, ...open, summary: 'Case categories residents choose from', response: responses({ 200: Type.Array(Category) }) } },
    async () => categories(db),
  );

  app.post(
    '/resident/attachments',
    {
      schema: { tags, summary: 'Upload a photo (JPEG, PNG or WebP, at most 5 MB) for a case about to be submitted', ...uploadSchema, response: responses({ 201: Attachment }) },
      validatorCompiler: streamedBody,
    },
    async (request, reply) => {
      const ctx = residentContext(request);
      if ((await unclaimedUploads(db, ctx.resident.phone)) >= MAX_UNCLAIMED) throw new AppError(429, M['resident.upload_limit']);
      const row = await saveUpload(db, storage, ctx, await readUpload(request));
      reply.code(201);
      return attachmentView(row, RESIDENT_ATTACHMENTS);
    },
  );

  app.get(
    '/resident/attachments/:id/:kind',
    {
      schema: {
        tags,
        summary: 'A photo of one of my cases (kind=file) or its thumbnail',
        params: Type.Object({ id: Id, kind: FileKind }, { additionalProperties: false }),
        response: responses({ 200: Binary }),
      },
    },
    async (request, reply) => {
      const resident = requireResident(request);
      return sendAttachment(reply, storage, await residentAttachment(db, resident.phone, request.params.id), request.params.kind);
    },
  );

  app.post(
    '/resident/cases',
    { schema: { tags, summary: 'Submit a case (居民扫码反映问题); a retry with the same idempotency key returns the first case', body: SubmitBody, response: responses({ 200: ResidentCase, 201: ResidentCase }) } },
    async (request, reply) => {
      const ctx = residentContext(request);
      const header = request.headers['idempotency-key'];
      const key = request.body.idempotencyKey ?? (typeof header === 'string' && header.length > 0 && header.length <= 100 ? header : undefined);
      const result = await submitAsResident(db, ctx, { ...request.body, ...(key ? { idempotencyKey: key } : {}) });
      reply.code(result.created ? 201 : 200);
      return getReporterCase(db, ctx.resident.phone, result.id);
    },
  );

  app.get(
    '/resident/cases',
    { schema: { tags, summary: 'My cases, newest first', querystring: MyCasesQuery, response: responses({ 200: Page(ResidentCaseSummary) }) } },
    async (request) => listReporterCases(db, requireResident(request).phone, request.query),
  );

  app.get(
    '/resident/cases/:id',
    { schema: { tags, summary: 'One of my cases with its progress, the reply and its photos', params: IdParams, response: responses({ 200: ResidentCase }) } },
    async (request) => getReporterCase(db, requireResident(request).phone, request.params.id),
  );

  app.post(
    '/resident/cases/:id/rate',
    { schema: { tags, summary: 'Rate the result of a closed case: 满意 / 基本满意 / 不满意', params: IdParams, body: RateBody, response: responses({ 200: ResidentCase }) } },
    async (request) => rateAsResident(db, residentContext(request), request.params.id, request.body),
  );

  app.post(
    '/resident/cases/:id/reopen',
    { schema: { tags, summary: 'Ask for a case rated 不满意 to be handled again (once)', params: IdParams, body: ReopenBody, response: responses({ 200: ResidentCase }) } },
    async (request) => reopenAsResident(db, residentContext(request), request.params.id, request.body),
  );
}


import { Type } from 'typebox';
import { DateTime, Id, Nullable, Obj, Phone, Version } from '../../platform/schema.js';
import { Attachment, AttachmentIds, Location, StatusT } from '../cases/schema.js';

const RatingT = Type.Unsafe<'satisfied' | 'basically_satisfied' | 'dissatisfied'>({
  type: 'string',
  enum: ['satisfied', 'basically_satisfied', 'dissatisfied'],
  description: 'satisfied 满意, basically_satisfied 基本满意, dissatisfied 不满意',
});

export const CodeRequestBody = Obj({ phone: Phone });
export const CodeSent = Obj({
  sentTo: Type.String({ description: 'The number, masked' }),
  expiresInSeconds: Type.Integer(),
  resendAfterSeconds: Type.Integer(),
});
export const LoginBody = Obj({ phone: Phone, code: Type.String({ pattern: '^[0-9]{6}$', description: 'The six digits sent to the phone' }) });
export const ResidentMe = Obj({ phone: Type.String({ description: 'Masked: 138****1234' }), csrfToken: Type.String() });

export const Community = Obj({
  id: Type.Integer(),
  name: Type.String(),
  code: Nullable(Type.String()),
  fullName: Type.String({ description: 'District · street · community' }),
});
export const CommunityQuery = Obj({ code: Type.String({ pattern: '^[0-9]{12}$' }) });
export const Place = Obj({
  id: Type.Integer(),
  level: Type.String({ description: 'grid, compound or building' }),
  name: Type.String(),
  label: Type.String({ description: 'Grid · compound · building, for the picker' }),
});
export const Category = Obj({ code: Type.String(), label: Type.String(), labelEn: Type.String() });

export const SubmitBody = Obj({
  communityId: Id,
  territoryId: Type.Optional({ ...Id, description: 'A grid, compound or building of the community (the building picker)' }),
  categoryCode: Type.String({ minLength: 1, maxLength: 40 }),
  description: Type.String({ minLength: 1, maxLength: 2000 }),
  address: Type.Optional(Type.String({ maxLength: 200 })),
  reporterName: Type.Optional(Type.String({ maxLength: 50 })),
  location: Type.Optional(Location),
  attachmentIds: Type.Optional(AttachmentIds),
  idempotencyKey: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: 'Or the Idempotency-Key header: a retry with the same key and body returns the first case; another body is a 409' }),
  ),
});

export const ResidentCaseSummary = Obj({
  id: Type.Integer(),
  trackingNo: Type.String(),
  status: StatusT,
  statusName: Type.String(),
  categoryName: Type.String(),
  description: Type.String(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  placeName: Type.String(),
  rating: Nullable(RatingT),
  createdAt: DateTime,
  updatedAt: DateTime,
});

/** What a resident sees of a step: no staff names, no internal notes (退单, 核查, 延期, 催办 are not shown). */
export const PublicStep = Obj({
  id: Type.Integer(),
  action: Type.String(),
  label: Type.String(),
  status: StatusT,
  statusName: Type.String(),
  note: Nullable(Type.String({ description: 'Only words meant for the resident: a rejection reason, the reply, their own comment' })),
  attachments: Type.Array(Attachment),
  at: DateTime,
});

export const ResidentCase = Obj({
  ...ResidentCaseSummary.properties,
  address: Nullable(Type.String()),
  location: Nullable(Location),
  rejectReason: Nullable(Type.String()),
  replyText: Nullable(Type.String({ description: 'Shown once the case has been replied to' })),
  repliedAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
  ratingComment: Nullable(Type.String()),
  reopenCount: Type.Integer(),
  canRate: Type.Boolean(),
  canReopen: Type.Boolean(),
  attachments: Type.Array(Attachment),
  timeline: Type.Array(PublicStep),
  version: Type.Integer(),
});

export const MyCasesQuery = Obj({
  current: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
});

export const RateBody = Obj({ version: Version, rating: RatingT, comment: Type.Optional(Type.String({ maxLength: 500 })) });
export const ReopenBody = Obj({ version: Version, reason: Type.Optional(Type.String({ maxLength: 500 })) });

export const OutboxMessage = Obj({
  id: Type.Integer(),
  to: Type.String({ description: 'Masked unless the query named the phone' }),
  kind: Type.String(),
  text: Type.String(),
  sender: Type.String(),
  createdAt: DateTime,
});
export const OutboxQuery = Obj({
  phone: Type.Optional(Phone),
  current: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
});

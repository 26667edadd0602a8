import { Type, type Static } from 'typebox';
import { DateTime, Nullable, Obj, PageQuery } from '../../platform/schema.js';
import { COUNT_LIMIT, DATE_PATTERN } from './policy.js';

const DateText = (description: string) => Type.String({ pattern: DATE_PATTERN, description });

/* PageQuery leaves `current` unbounded; a page past bigint offsets would be a 500, not a 400. */
const Paging = { ...PageQuery, current: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })) };

export const AuditQuery = Obj({
  ...Paging,
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'Action prefix: `user.` or `user.role_grant`' })),
  entityType: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  entityId: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  actor: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'Part of the actor’s name or user name' })),
  from: Type.Optional(DateText('From this instant; a bare date or time without zone is Beijing time')),
  to: Type.Optional(DateText('Before this instant; a bare date includes that whole day (Beijing time)')),
});
export type AuditFilter = Static<typeof AuditQuery>;

export const AuditEntry = Obj(
  {
    id: Type.Integer(),
    at: DateTime,
    actorId: Nullable(Type.Integer()),
    actorName: Nullable(Type.String()),
    ip: Nullable(Type.String()),
    action: Type.String(),
    entityType: Type.String(),
    entityId: Nullable(Type.String()),
    territoryId: Nullable(Type.Integer()),
    territoryName: Nullable(Type.String()),
    summary: Type.String(),
    detail: Type.Record(Type.String(), Type.Unknown()),
  },
  { title: 'AuditEntry' },
);

export const AuditPage = Obj({
  data: Type.Array(AuditEntry),
  total: Type.Integer({ minimum: 0, description: `Exact up to ${COUNT_LIMIT}; beyond that ${COUNT_LIMIT} — narrow the filters` }),
  current: Type.Integer(),
  pageSize: Type.Integer(),
});

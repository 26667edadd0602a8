import type { FastifyRequest } from 'fastify';
import { authorize, contextOf, requireActor } from '../../platform/auth/plugin.js';
import type { Permission } from '../../platform/auth/roles.js';

/** The caller holds at least one of the permissions (the service then decides what they may do with which record). */
export function gate(request: FastifyRequest, ...permissions: Permission[]) {
  const actor = requireActor(request);
  authorize(request, permissions.find((p) => actor.permissions.has(p)) ?? permissions[0]!);
  return actor;
}

export const ctxOf = (request: FastifyRequest) => ({ ...contextOf(request), actor: requireActor(request) });

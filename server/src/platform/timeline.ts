import type { RequestContext } from './auth/actor.js';

/**
 * The columns every workflow's timeline row shares (TimelineColumns in db/schema.ts):
 * each module adds its record's key and writes the row in the transition's transaction.
 */
export interface TimelineStep {
  action: string;
  from: string | null;
  to: string;
  note?: string | null;
  detail?: Record<string, unknown>;
  at?: Date;
}

/** Who a row names: the staff member, a resident on the H5 pages, or the scheduler (系统). */
export function timelineActor(ctx: RequestContext) {
  return { actor_id: ctx.actor?.userId ?? null, actor_name: ctx.actor ? ctx.actor.displayName : ctx.resident ? '居民' : '系统' };
}

export function timelineValues(ctx: RequestContext, step: TimelineStep) {
  return {
    action: step.action,
    from_status: step.from,
    to_status: step.to,
    ...timelineActor(ctx),
    note: step.note ?? null,
    detail: JSON.stringify(step.detail ?? {}),
    ...(step.at ? { at: step.at } : {}),
  };
}

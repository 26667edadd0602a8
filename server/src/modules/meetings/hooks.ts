import type { Database } from '../../platform/db/database.js';
import type { CatalogueSuggestion } from '../consultation/service.js';
import type { DemandInput } from '../units/service.js';
import type { Ctx } from './access.js';
import type { ProjectSpecValue } from './tables.js';

/** The project draft a passed 'project' resolution asks for, in the projects capability's terms. */
export interface ProjectDraft {
  communityId: number;
  title: string;
  goal: string;
  beneficiaries: string;
  fundingSource: ProjectSpecValue['fundingSource'];
  lines: { name: string; amount: number }[];
  originCaseIds: number[];
  originResolutionId: number;
}

/**
 * What meetings ask of the capabilities built on them. Projects, demands and the 协商目录
 * each show the meeting a record came from, so they read meetings; were meetings to import
 * them back, the modules would import each other. modules/wiring.ts provides these once,
 * when the app is built.
 */
export interface MeetingHooks {
  /** 项目: checks a resolution's budget lines before anything is written, then drafts the project. */
  project: {
    checkLines(lines: ProjectSpecValue['lines'], at: string): void;
    createDraft(trx: Database, ctx: Ctx, draft: ProjectDraft): Promise<number>;
  };
  /** 需求: posts the demand a 'demand' resolution names. */
  createDemand(trx: Database, ctx: Ctx, input: DemandInput, origin: { resolutionId: number }): Promise<number>;
  /** 协商目录: whether a topic of this category must, may or must not go to 议事协商. */
  catalogueSuggestion(db: Database, communityId: number, category: string): Promise<CatalogueSuggestion>;
}

let hooks: MeetingHooks | null = null;

export function setMeetingHooks(value: MeetingHooks) {
  hooks = value;
}

export function meetingHooks(): MeetingHooks {
  if (!hooks) throw new Error('meetings: setMeetingHooks was not called (modules/wiring.ts)');
  return hooks;
}

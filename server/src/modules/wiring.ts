import { catalogueSuggestion } from './consultation/service.js';
import { setProjectReversalHandler } from './funds/service.js';
import { setMeetingHooks } from './meetings/service.js';
import { checkLines, createProjectDraft, recordSpendingReversal } from './projects/service.js';
import { createDemand } from './units/service.js';

/**
 * Hooks between capabilities that the modules themselves must not reach for, since the
 * other module already reads theirs: a passed resolution drafts a project or posts a
 * demand, a topic reads the 协商目录, and a corrected project expense shows on the
 * project's timeline. Called once when the app is built.
 */
export function wireModules() {
  setMeetingHooks({
    project: { checkLines, createDraft: createProjectDraft },
    createDemand,
    catalogueSuggestion,
  });
  setProjectReversalHandler(recordSpendingReversal);
}

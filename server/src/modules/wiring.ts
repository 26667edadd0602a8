import { setProjectReversalHandler } from './funds/service.js';
import { setProjectHandler } from './meetings/service.js';
import { createProjectDraft, recordSpendingReversal } from './projects/service.js';

/**
 * Hooks between capabilities that the modules themselves must not reach for: a passed
 * 'project' resolution becomes a project draft (issue 5); a corrected project expense
 * shows on the project's timeline. Called once when the app is built.
 */
export function wireModules() {
  setProjectHandler((trx, ctx, draft) => createProjectDraft(trx, ctx, draft));
  setProjectReversalHandler((trx, ctx, e) => recordSpendingReversal(trx, ctx, e));
}

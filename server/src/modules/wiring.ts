import { setProjectHandler } from './meetings/service.js';
import { createProjectDraft } from './projects/service.js';

/**
 * Hooks between capabilities that the modules themselves must not reach for: a passed
 * 'project' resolution becomes a project draft (issue 5). Called once when the app is built.
 */
export function wireModules() {
  setProjectHandler((trx, ctx, draft) => createProjectDraft(trx, ctx, draft));
}

import type { App, ModuleOptions } from '../platform/http.js';
import type { Job } from '../platform/jobs.js';
import auditRoutes from './audit/routes.js';
import authRoutes from './auth/routes.js';
import { overdueJob } from './cases/overdue.js';
import casesRoutes from './cases/routes.js';
import dictsRoutes from './dicts/routes.js';
import statsRoutes from './stats/routes.js';
import territoryRoutes from './territory/routes.js';
import usersRoutes from './users/routes.js';

/** Every capability's routes, mounted under /api/v1. */
export const MODULES: ((app: App, options: ModuleOptions) => Promise<void>)[] = [
  authRoutes,
  territoryRoutes,
  usersRoutes,
  auditRoutes,
  dictsRoutes,
  casesRoutes,
  statsRoutes,
];

/** Every capability's scheduled jobs; main.ts runs them on the shared JobRunner. */
export const MODULE_JOBS: Job[] = [overdueJob];

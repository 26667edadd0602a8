import type { App, ModuleOptions } from '../platform/http.js';
import type { Job } from '../platform/jobs.js';
import auditRoutes from './audit/routes.js';
import authRoutes from './auth/routes.js';
import { unclaimedUploadsJob } from './cases/attachment-cleanup.js';
import { overdueJob } from './cases/overdue.js';
import { residentPurgeJob } from './resident/jobs.js';
import casesRoutes from './cases/routes.js';
import dictsRoutes from './dicts/routes.js';
import hotlineRoutes from './hotline/routes.js';
import open311KeyRoutes from './open311/keys-routes.js';
import open311Routes from './open311/routes.js';
import residentRoutes from './resident/routes.js';
import residentStaffRoutes from './resident/staff-routes.js';
import statsRoutes from './stats/routes.js';
import territoryRoutes from './territory/routes.js';
import usersRoutes from './users/routes.js';
import committeesRoutes from './committees/routes.js';
import { termsJob } from './committees/terms.js';
import selectionRoutes from './selection/routes.js';
import noticesRoutes from './notices/routes.js';
import { noticeClosingJob } from './notices/closing.js';
import consultationRoutes from './consultation/routes.js';
import { consultationTasksJob } from './consultation/jobs.js';
import projectsRoutes from './projects/routes.js';
import fundsRoutes from './funds/routes.js';
import meetingsRoutes from './meetings/routes.js';
import { cadenceJob } from './meetings/cadence-job.js';
import { resolutionRoutingJob } from './meetings/routing.js';
import { taskOverdueJob } from './meetings/tasks.js';
import unitsRoutes from './units/routes.js';

/** Every capability's routes, mounted under /api/v1. */
export const MODULES: ((app: App, options: ModuleOptions) => Promise<void>)[] = [
  authRoutes,
  territoryRoutes,
  usersRoutes,
  auditRoutes,
  dictsRoutes,
  casesRoutes,
  open311KeyRoutes,
  hotlineRoutes,
  residentRoutes,
  residentStaffRoutes,
  statsRoutes,
  committeesRoutes,
  selectionRoutes,
  noticesRoutes,
  consultationRoutes,
  projectsRoutes,
  fundsRoutes,
  meetingsRoutes,
  unitsRoutes,
];

/** Routes outside /api/v1, each under its own prefix: public interfaces that follow someone else's standard. */
export const ROOT_MODULES: { prefix: string; register: (app: App, options: ModuleOptions) => Promise<void> }[] = [
  { prefix: '/open311/v2', register: open311Routes },
];

/** Every capability's scheduled jobs; main.ts runs them on the shared JobRunner. */
export const MODULE_JOBS: Job[] = [
  overdueJob,
  residentPurgeJob,
  unclaimedUploadsJob,
  termsJob,
  noticeClosingJob,
  taskOverdueJob,
  resolutionRoutingJob,
  cadenceJob,
  consultationTasksJob,
];

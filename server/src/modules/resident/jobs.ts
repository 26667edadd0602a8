import { purgeResidentAuth } from '../../platform/auth/resident.js';
import type { Job } from '../../platform/jobs.js';

/** Ended resident sessions and day-old login codes. */
export const residentPurgeJob: Job = { name: 'resident.purge', everySeconds: 3600, run: (db) => purgeResidentAuth(db) };

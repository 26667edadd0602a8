/**
 * What other modules may use of C8 (modules talk through each other's service.ts):
 * meeting resolutions and projects post demands with createDemand, and read a demand
 * or a unit through the same scope checks the console uses.
 */
export { createDemand, getDemand, visibleDemand } from './demands.js';
export { getUnit, participation } from './registration.js';
export { refreshUnitStats } from './stats.js';
export { DemandSpec, type DemandInput } from './schema.js';

import type { TerritoryLevel } from '../db/schema.js';
import type { Permission, Role } from './roles.js';

export interface ActorRole {
  role: Role;
  territoryId: number | null;
  /** Materialised path of the bound node; null for installation-wide roles. */
  territoryPath: string | null;
  /** Level of the bound node (lets a scope filter on a denormalised community column); null for installation-wide roles. */
  territoryLevel?: TerritoryLevel | null;
}

/** The authenticated person behind a request. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  roles: ActorRole[];
  permissions: ReadonlySet<Permission>;
  /** The 职能部门 the person staffs (department_member): cases dispatched to them are theirs to see and work. */
  departmentIds: number[];
  sessionId: string;
  csrfToken: string;
  mustChangePassword: boolean;
}

/** Who did it and from where: what the audit log and the services need of a request. */
export interface RequestContext {
  actor: Actor | null;
  ip: string;
  /** A resident signed in on the H5 pages by phone code (no account); absent for staff and the scheduler. */
  resident?: Resident | null;
}

/** A resident's session: known only by the phone number they proved they hold. */
export interface Resident {
  phone: string;
  sessionId: string;
  csrfToken: string;
}

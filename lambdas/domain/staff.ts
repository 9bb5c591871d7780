import { ForbiddenError } from '../errors';
import type { Level } from './grievance';

/** Staff groups of the identity provider (API.md). `admin` may do everything. */
export const STAFF_GROUPS = [
  'grievance-desk',
  'customer-service-head',
  'president-office',
  'service-centre',
  'admin',
] as const;
export type StaffGroup = (typeof STAFF_GROUPS)[number];

export const GRIEVANCE_GROUPS: readonly StaffGroup[] = [
  'grievance-desk',
  'customer-service-head',
  'president-office',
  'admin',
];
/** Who may read the SLA report (GET /staff/reports/sla): level 2 and above. */
export const REPORT_GROUPS: readonly StaffGroup[] = ['customer-service-head', 'president-office', 'admin'];
/** Who may create or change service orders. */
export const SERVICE_ORDER_GROUPS: readonly StaffGroup[] = ['service-centre', 'admin'];
/** Who may read service orders: their writers and every grievance group (a grievance about a repair needs its order). */
export const SERVICE_ORDER_READERS: readonly StaffGroup[] = [
  ...SERVICE_ORDER_GROUPS,
  ...GRIEVANCE_GROUPS,
].filter((g, i, all) => all.indexOf(g) === i);

export interface StaffIdentity {
  sub: string;
  groups: StaffGroup[];
}

/** The highest grievance level a staff member works at (admin: 3), 0 when none. */
export function staffLevel(identity: StaffIdentity): 0 | 1 | 2 | 3 {
  if (identity.groups.includes('admin') || identity.groups.includes('president-office')) return 3;
  if (identity.groups.includes('customer-service-head')) return 2;
  if (identity.groups.includes('grievance-desk')) return 1;
  return 0;
}

/**
 * The one level rule (API.md): a staff member sees and works on grievances at
 * their own level and below — never above. The queue, a single grievance, a
 * search and a response all ask this.
 */
export function worksAtLevel(staffLevel: number, grievanceLevel: number): boolean {
  return staffLevel >= 1 && grievanceLevel <= staffLevel;
}

/** The level rule as a guard: a 403 naming both levels when `grievanceLevel` is above the staff member's. */
export function requireWorksAtLevel(
  staffLevel: number,
  grievanceLevel: number,
  what = 'This grievance',
): void {
  if (!worksAtLevel(staffLevel, grievanceLevel))
    throw new ForbiddenError(
      staffLevel >= 1
        ? `${what} is at level ${grievanceLevel}, above your level (${staffLevel}).`
        : 'Only grievance staff work on grievances.',
    );
}

/** The levels a staff member works, lowest first (none when they are not grievance staff). */
export function levelsWorked(staffLevel: number): Level[] {
  return ([1, 2, 3] as const).filter((level) => worksAtLevel(staffLevel, level));
}

/** What GET /staff/me answers: who the token names and the highest level they work (null: none). */
export function staffProfile(identity: StaffIdentity): {
  sub: string;
  groups: StaffGroup[];
  level: Level | null;
} {
  const level = staffLevel(identity);
  return { sub: identity.sub, groups: [...identity.groups], level: level === 0 ? null : level };
}

/** Reads a Cognito `cognito:groups` claim as API Gateway passes it: one comma-separated string. */
export function parseGroupsClaim(claim: unknown): StaffGroup[] {
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[,\s]+/)
    .filter((g): g is StaffGroup => (STAFF_GROUPS as readonly string[]).includes(g));
}

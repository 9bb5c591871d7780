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
export const SERVICE_ORDER_GROUPS: readonly StaffGroup[] = ['service-centre', 'admin'];

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

/** Reads a Cognito `cognito:groups` claim as API Gateway passes it: one comma-separated string. */
export function parseGroupsClaim(claim: unknown): StaffGroup[] {
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[,\s]+/)
    .filter((g): g is StaffGroup => (STAFF_GROUPS as readonly string[]).includes(g));
}

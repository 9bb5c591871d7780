import type { Grievance } from '../domain/grievance';
import { claimGrievance, releaseGrievance } from '../domain/grievance-rules';
import { type StaffIdentity, staffLevel } from '../domain/staff';
import { type GrievanceDeps, updateGrievance } from './grievance-effects';

/** Claims and releases: alerts, SMS and the scheduler only for the escalation a late action applies first. */
export type OwnershipDeps = Pick<
  GrievanceDeps,
  'grievances' | 'sms' | 'alerts' | 'scheduler' | 'clock' | 'settings'
>;

/**
 * Primary course:
 *  1. Read the grievance (404 when there is none).
 *  2. Apply what the clock did first (a passed deadline escalates, which clears any claim), then the claim:
 *     403 above the caller's level, 409 unless OPEN, 409 when someone else holds it (unless takeOver).
 *  3. Write it conditionally on the version read (again from 1 if someone wrote first).
 *  4. Effects only of an escalation applied first.
 */
export function claim(
  deps: OwnershipDeps,
  staff: StaffIdentity,
  id: string,
  input: { takeOver?: boolean | undefined },
): Promise<Grievance> {
  return updateGrievance(deps, id, (current: Grievance) =>
    claimGrievance(
      current,
      input,
      { sub: staff.sub, level: staffLevel(staff) },
      deps.clock.now(),
      deps.settings,
    ),
  );
}

/**
 * Primary course:
 *  1. Read the grievance (404 when there is none).
 *  2. Apply what the clock did first, then the release: 403 above the caller's level, 403 when someone
 *     else holds it and the caller is not an admin; an unclaimed grievance is answered as it is.
 *  3. Write it conditionally on the version read (again from 1 if someone wrote first).
 */
export function release(deps: OwnershipDeps, staff: StaffIdentity, id: string): Promise<Grievance> {
  return updateGrievance(deps, id, (current: Grievance) =>
    releaseGrievance(
      current,
      { sub: staff.sub, level: staffLevel(staff), isAdmin: staff.groups.includes('admin') },
      deps.clock.now(),
      deps.settings,
    ),
  );
}

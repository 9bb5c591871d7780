import type { Grievance } from '../domain/grievance';
import { type StaffResponse, staffRespond } from '../domain/grievance-rules';
import { type StaffIdentity, staffLevel } from '../domain/staff';
import { type GrievanceDeps, updateGrievance } from './grievance-effects';

/** The staff response route's ports: SMS and the scheduler for a resolution, no alerts. */
export type RespondToGrievanceDeps = Pick<
  GrievanceDeps,
  'grievances' | 'sms' | 'scheduler' | 'clock' | 'settings'
>;

/**
 * Primary course:
 *  1. Read the grievance (404 when there is none).
 *  2. Apply rule 4: 403 above the caller's level, 409 when closed; a note, a response or a resolution.
 *  3. Write it conditionally on the version read (again from 1 if someone wrote first).
 *  4. On resolution: SMS the customer, disarm the deadline and its reminder, arm the feedback window.
 */
export function respondToGrievance(
  deps: RespondToGrievanceDeps,
  staff: StaffIdentity,
  id: string,
  response: StaffResponse,
): Promise<Grievance> {
  return updateGrievance(deps, id, (current: Grievance) =>
    staffRespond(
      current,
      response,
      { sub: staff.sub, level: staffLevel(staff) },
      deps.clock.now(),
      deps.settings,
    ),
  );
}

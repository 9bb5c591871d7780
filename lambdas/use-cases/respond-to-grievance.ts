import type { Grievance } from '../domain/grievance';
import { type StaffResponse, staffRespond } from '../domain/grievance-rules';
import { type StaffIdentity, staffLevel } from '../domain/staff';
import { type GrievanceDeps, updateGrievance } from './grievance-effects';

/**
 * The staff response route's ports: SMS and the scheduler for a resolution, and
 * alerts for the escalation a response after the deadline applies first.
 */
export type RespondToGrievanceDeps = Pick<
  GrievanceDeps,
  'grievances' | 'sms' | 'alerts' | 'scheduler' | 'clock' | 'settings'
>;

/**
 * Primary course:
 *  1. Read the grievance (404 when there is none).
 *  2. Apply what the clock did first (a passed deadline escalates, as its delivery would), then rule 4:
 *     403 above the caller's level, 409 when closed; a note, a response or a resolution.
 *  3. Write it conditionally on the version read (again from 1 if someone wrote first).
 *  4. On resolution: SMS the customer, disarm the deadline and its reminder, arm the feedback window;
 *     on an escalation first: its SMS, alert and new deadline (and then the refusal, if the action was refused).
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

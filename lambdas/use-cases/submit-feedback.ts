import type { Grievance } from '../domain/grievance';
import { customerFeedback, type Feedback } from '../domain/grievance-rules';
import { NotFoundError } from '../errors';
import { type GrievanceDeps, updateGrievance } from './grievance-effects';

/** The feedback route's ports: an unsatisfied customer escalates (SMS, alert, deadline). */
export type SubmitFeedbackDeps = Pick<
  GrievanceDeps,
  'grievances' | 'sms' | 'alerts' | 'scheduler' | 'clock' | 'settings'
>;

/**
 * Primary course:
 *  1. Read the grievance; 404 unless it is the caller's.
 *  2. Apply rule 5 at now (409 unless RESOLVED; after the feedback window the grievance is first closed
 *     without feedback, as rule 6 would, and the feedback refused with 409): satisfied closes it, not
 *     satisfied escalates or reopens it.
 *  3. Write it conditionally on the version read (again from 1 if someone wrote first).
 *  4. SMS the customer, alert the new level's team, swap the feedback window for the new deadline.
 */
export function submitFeedback(
  deps: SubmitFeedbackDeps,
  phone: string,
  id: string,
  feedback: Feedback,
): Promise<Grievance> {
  return updateGrievance(deps, id, (current: Grievance) => {
    if (current.customer.phone !== phone) throw new NotFoundError('No such grievance.');
    return customerFeedback(current, feedback, deps.clock.now(), deps.settings);
  });
}

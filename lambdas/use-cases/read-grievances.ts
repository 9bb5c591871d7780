import type { Grievance, GrievanceStatus, Level } from '../domain/grievance';
import type { GrievanceMatch } from '../domain/search';
import { levelsWorked, requireWorksAtLevel, type StaffIdentity, staffLevel } from '../domain/staff';
import { ForbiddenError, NotFoundError } from '../errors';
import type { GrievanceReader, PageRequest, QueuePage } from '../ports/grievances';

/** The reads only: the GET routes need no write access. */
export interface ReadGrievancesDeps {
  grievances: GrievanceReader;
}

/**
 * Primary course:
 *  1. Read the grievance by id.
 *  2. Answer 404 unless it belongs to the caller's phone (never reveal others' grievances).
 */
export async function getCustomerGrievance(
  deps: ReadGrievancesDeps,
  phone: string,
  id: string,
): Promise<Grievance> {
  const stored = await deps.grievances.get(id);
  if (!stored || stored.grievance.customer.phone !== phone) throw new NotFoundError('No such grievance.');
  return stored.grievance;
}

/**
 * Primary course:
 *  1. Read the grievance by id (404 when there is none).
 *  2. Apply the level rule: 403 when it is above the caller's level, as in the queue and for a response.
 */
export async function getStaffGrievance(
  deps: ReadGrievancesDeps,
  staff: StaffIdentity,
  id: string,
): Promise<Grievance> {
  const stored = await deps.grievances.get(id);
  if (!stored) throw new NotFoundError('No such grievance.');
  requireWorksAtLevel(staffLevel(staff), stored.grievance.level);
  return stored.grievance;
}

/**
 * Primary course:
 *  1. Page through the phone's grievances, newest first, through the byPhone index.
 */
export function listCustomerGrievances(
  deps: ReadGrievancesDeps,
  phone: string,
  page: PageRequest,
): Promise<QueuePage> {
  return deps.grievances.pageByPhone(phone, page);
}

export interface StaffQueueInput {
  level?: number | undefined;
  /** OPEN unless given (a search applies only the filters given). */
  status?: GrievanceStatus | undefined;
  breached?: boolean | undefined;
  /** A search: what `q` named (an id, a phone, a service order id). */
  q?: GrievanceMatch[] | undefined;
  /** `me`, `none` or a staff id. */
  assignee?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * Primary course:
 *  1. Work out the levels the caller sees: up to their own (403 for a level above it).
 *  2. Without `q`: query those levels' queue partitions of the status (OPEN by default),
 *     most urgent first, from the cursor on; `assignee` (me → the caller, none, a staff id)
 *     filters within that query.
 *  3. With `q`: look up what it names, keep those at the caller's levels and matching
 *     the filters given, newest first, from the cursor on.
 */
export async function staffQueue(
  deps: ReadGrievancesDeps,
  staff: StaffIdentity,
  input: StaffQueueInput,
): Promise<QueuePage> {
  const own = staffLevel(staff);
  if (own === 0) throw new ForbiddenError('Only grievance staff see the grievance queue.');
  if (input.level !== undefined) requireWorksAtLevel(own, input.level, 'That queue');
  const levels: Level[] = input.level !== undefined ? [input.level as Level] : levelsWorked(own);
  const page = { limit: input.limit, cursor: input.cursor };
  const assignee =
    input.assignee === undefined
      ? undefined
      : input.assignee === 'none'
        ? null
        : input.assignee === 'me'
          ? staff.sub
          : input.assignee;
  const filters = { breached: input.breached, ...(assignee === undefined ? {} : { assignee }) };
  if (input.q)
    return deps.grievances.search({ matches: input.q, levels, status: input.status, ...filters, ...page });
  return deps.grievances.queue({ levels, status: input.status ?? 'OPEN', ...filters, ...page });
}

import type { Grievance, GrievanceStatus, Level } from '../domain/grievance';
import { type StaffIdentity, staffLevel } from '../domain/staff';
import { ForbiddenError, NotFoundError } from '../errors';
import type { GrievanceReader, QueuePage } from '../ports/grievances';

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
 *  1. Read the grievance by id (any grievance group may read any grievance; acting on it is checked per level).
 *  2. Answer 404 when there is none.
 */
export async function getStaffGrievance(deps: ReadGrievancesDeps, id: string): Promise<Grievance> {
  const stored = await deps.grievances.get(id);
  if (!stored) throw new NotFoundError('No such grievance.');
  return stored.grievance;
}

/**
 * Primary course:
 *  1. List the phone's grievances through the byPhone index.
 */
export function listCustomerGrievances(deps: ReadGrievancesDeps, phone: string): Promise<Grievance[]> {
  return deps.grievances.listByPhone(phone);
}

export interface StaffQueueInput {
  level?: number | undefined;
  status: GrievanceStatus;
  breached?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * Primary course:
 *  1. Work out the levels the caller sees: up to their own (403 for a level above it).
 *  2. Query those levels' queue partitions, most urgent first, from the cursor on.
 */
export function staffQueue(
  deps: ReadGrievancesDeps,
  staff: StaffIdentity,
  input: StaffQueueInput,
): Promise<QueuePage> {
  const own = staffLevel(staff);
  if (own === 0) throw new ForbiddenError('Only grievance staff see the grievance queue.');
  if (input.level !== undefined && input.level > own)
    throw new ForbiddenError(`Level ${input.level} is above your level (${own}).`);
  const levels: Level[] =
    input.level !== undefined ? [input.level as Level] : ([1, 2, 3] as const).filter((l) => l <= own);
  return deps.grievances.queue({
    levels,
    status: input.status,
    breached: input.breached,
    limit: input.limit,
    cursor: input.cursor,
  });
}

import type { Grievance, GrievanceStatus, Level } from '../domain/grievance';
import type { GrievanceMatch } from '../domain/search';
import type { IdempotencyCompletion } from './idempotency';
import type { DeadlineEvent } from './scheduler';

/** A grievance as read, with the optimistic-lock version its next write must match. */
export interface StoredGrievance {
  grievance: Grievance;
  version: number;
  /** Bookkeeping kept across writes: the deadline whose reminder already went out. */
  remindedFor?: string;
}

/** Whose claims a list keeps: a staff id, `null` for unclaimed ones; absent: all. */
export type AssigneeFilter = string | null | undefined;

export interface QueueQuery {
  levels: Level[];
  status: GrievanceStatus;
  breached?: boolean | undefined;
  assignee?: AssigneeFilter;
  limit: number;
  cursor?: string | undefined;
}

export interface QueuePage {
  items: Grievance[];
  nextCursor: string | null;
}

/** One page of a list; `nextCursor` is opaque and signed (null on the last page). */
export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

/** A staff search: the grievances any of `matches` names, within `levels` and the filters, newest first. */
export interface GrievanceSearch extends PageRequest {
  matches: GrievanceMatch[];
  levels: Level[];
  status?: GrievanceStatus | undefined;
  breached?: boolean | undefined;
  assignee?: AssigneeFilter;
}

/** A deadline from the byDeadline index, with the status it belongs to (OPEN: SLA, RESOLVED: feedback). */
export type PendingDeadline = DeadlineEvent & { status: GrievanceStatus };

/** Reads only: what the GET functions use, so their role needs no write access. */
export interface GrievanceReader {
  /** One grievance by id (a consistent read), with the version a write must match. */
  get(id: string): Promise<StoredGrievance | undefined>;
  /** One grievance by id, eventually consistent: for lookups that will not write it. */
  find(id: string): Promise<Grievance | undefined>;
  /** Grievances of one phone, oldest first. */
  listByPhone(phone: string): Promise<Grievance[]>;
  /** Grievances of one phone, newest first, a page at a time. */
  pageByPhone(phone: string, page: PageRequest): Promise<QueuePage>;
  /** A staff search by grievance id, phone or service order id, newest first, a page at a time. */
  search(query: GrievanceSearch): Promise<QueuePage>;
  /** The staff queue: the status's partitions for `levels`, merged by urgency, cursor-paginated. */
  queue(query: QueueQuery): Promise<QueuePage>;
}

/** The byDeadline index: what the sweeper and the SLA report read (no route that lists needs it). */
export interface DeadlineReader {
  /** Pending deadlines due at or before `until` (all when absent), earliest first. */
  deadlines(options: { until?: Date; limit: number }): Promise<PendingDeadline[]>;
}

export interface GrievanceRepository extends GrievanceReader, DeadlineReader {
  /** Writes a new grievance (and, when given, completes its Idempotency-Key) in one transaction. */
  create(grievance: Grievance, idempotency?: IdempotencyCompletion): Promise<void>;
  /** Replaces the grievance if it is still as `previous` read it; false when someone else wrote first. */
  save(next: Grievance, previous: StoredGrievance): Promise<boolean>;
  /** Records that the reminder for `event` went out; false when it is no longer due or already sent. */
  markReminded(event: DeadlineEvent): Promise<boolean>;
}
